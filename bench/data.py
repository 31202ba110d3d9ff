"""Names and proportions the generated data set is made of (Vietnamese domain data)."""

# fmt: off
PROVINCES = {
    "Quân khu 1": ["Cao Bằng", "Lạng Sơn", "Bắc Kạn", "Thái Nguyên", "Bắc Giang", "Bắc Ninh"],
    "Quân khu 2": ["Hà Giang", "Tuyên Quang", "Lào Cai", "Yên Bái", "Lai Châu", "Điện Biên",
                   "Sơn La", "Hòa Bình", "Phú Thọ", "Vĩnh Phúc"],
    "Quân khu 3": ["Quảng Ninh", "Hải Phòng", "Hải Dương", "Hưng Yên", "Thái Bình", "Nam Định",
                   "Hà Nam", "Ninh Bình"],
    "Quân khu 4": ["Thanh Hóa", "Nghệ An", "Hà Tĩnh", "Quảng Bình", "Quảng Trị",
                   "Thừa Thiên Huế"],
    "Quân khu 5": ["Đà Nẵng", "Quảng Nam", "Quảng Ngãi", "Bình Định", "Phú Yên", "Khánh Hòa",
                   "Kon Tum", "Gia Lai", "Đắk Lắk", "Đắk Nông"],
    "Quân khu 7": ["TP Hồ Chí Minh", "Bình Phước", "Bình Dương", "Đồng Nai", "Tây Ninh",
                   "Bà Rịa - Vũng Tàu", "Long An", "Lâm Đồng", "Ninh Thuận", "Bình Thuận"],
    "Quân khu 9": ["Cần Thơ", "An Giang", "Kiên Giang", "Đồng Tháp", "Tiền Giang", "Bến Tre",
                   "Vĩnh Long", "Trà Vinh", "Sóc Trăng", "Hậu Giang", "Bạc Liêu", "Cà Mau"],
}
# The other top commands: (name, unit kind, code).
TOP_COMMANDS = [
    ("Bộ Tư lệnh Thủ đô Hà Nội", "quan-khu", "BTLTD"), ("Quân đoàn 12", "quan-doan", "QD12"),
    ("Quân đoàn 34", "quan-doan", "QD34"),
    ("Quân chủng Phòng không - Không quân", "quan-chung", "PKKQ"),
    ("Quân chủng Hải quân", "quan-chung", "HQ"), ("Bộ đội Biên phòng", "quan-chung", "BDBP"),
    ("Cảnh sát biển", "quan-chung", "CSB"), ("Tổng cục Chính trị", "tong-cuc", "TCCT"),
    ("Tổng cục Hậu cần - Kỹ thuật", "tong-cuc", "TCHCKT"),
    ("Tổng cục Công nghiệp quốc phòng", "tong-cuc", "TCCNQP"),
    ("Binh chủng Pháo binh", "binh-chung", "BCPB"), ("Binh chủng Công binh", "binh-chung", "BCCB"),
    ("Binh chủng Thông tin liên lạc", "binh-chung", "BCTT"),
]
PLACE_A = ["Tân", "Hòa", "Phú", "An", "Bình", "Vĩnh", "Thạch", "Quảng", "Đông", "Tây", "Nam",
           "Bắc", "Hưng", "Long", "Thanh", "Xuân", "Minh", "Hợp", "Đức", "Trung", "Cẩm", "Yên"]
PLACE_B = ["Lập", "Bình", "Thịnh", "Phong", "Lợi", "Hòa", "Sơn", "Thủy", "Lộc", "Tiến", "Hưng",
           "Thành", "An", "Phú", "Mỹ", "Yên", "Đồng", "Kim", "Hải", "Quang", "Khánh", "Tâm"]
# Kinds the benchmark adds to the editable reference list (the migration seeds the others).
EXTRA_KINDS = [("binh-chung", "Binh chủng"), ("vung", "Vùng"), ("trung-doi", "Trung đội"),
               ("bdbp-tinh", "Bộ Chỉ huy BĐBP tỉnh"), ("don-bien-phong", "Đồn biên phòng")]
# How many items a unit of each kind holds, relative to a commune.
WEIGHT = {"ban-chqs-xa": 1, "ban-chptkv": 3, "bo-chqs-tinh": 12, "trung-doan": 8,
          "tieu-doan": 6, "dai-doi": 10, "trung-doi": 3, "su-doan": 10, "lu-doan": 8,
          "kho": 40, "xuong": 15, "nha-may": 12, "cuc": 3, "phong": 1, "bdbp-tinh": 6,
          "don-bien-phong": 4, "vung": 6, "quan-khu": 5, "quan-doan": 5, "quan-chung": 5,
          "binh-chung": 5, "tong-cuc": 3, "bo": 0}
# Equipment categories a unit of each kind holds, and how many types (None: any category).
PALETTE = {
    "ban-chqs-xa": (["small_arms", "signal", "ammo"], 6),
    "don-bien-phong": (["small_arms", "crew", "signal", "vehicles", "boats", "ammo", "fuel"], 12),
    "dai-doi": (["small_arms", "crew", "signal", "chem", "ammo"], 12),
    "trung-doi": (["small_arms", "crew", "signal", "ammo"], 8),
    "kho": (None, 80), "xuong": (None, 40), "nha-may": (None, 30),
}
GENERAL = (["small_arms", "crew", "vehicles", "armour", "artillery", "signal", "engineer", "chem",
            "metrology", "ammo", "parts", "fuel"], 20)
# (category, branch code, tracking, unit of measure, origin, base names)
CATALOGUE = [
    ("small_arms", "quan-khi", "serial", "khẩu", "Việt Nam",
     ["Súng tiểu liên AK-47", "Súng tiểu liên STV-380", "Súng trường CKC", "Súng ngắn K54",
      "Súng ngắn K59", "Súng bắn tỉa SVD", "Súng trung liên RPD", "Súng tiểu liên AKM"]),
    ("crew", "quan-khi", "serial", "khẩu", "Liên Xô",
     ["Súng máy PK", "Súng máy 12,7 mm DShK", "Súng chống tăng B41", "Súng cối 60 mm",
      "Súng cối 82 mm", "Súng ĐKZ 82 mm", "Súng phóng lựu M79"]),
    ("vehicles", "xe-may", "serial", "chiếc", "Liên Xô",
     ["Xe ô tô URAL-375", "Xe ô tô ZIL-131", "Xe ô tô KAMAZ-4310", "Xe ô tô UAZ-469",
      "Xe ô tô KrAZ-255", "Máy phát điện 5 kW", "Xe cứu kéo KT-L"]),
    ("armour", "tang-thiet-giap", "serial", "chiếc", "Liên Xô",
     ["Xe tăng T-54B", "Xe tăng T-55", "Xe tăng T-90S", "Xe thiết giáp BTR-152",
      "Xe chiến đấu bộ binh BMP-1", "Xe thiết giáp BTR-60PB"]),
    ("artillery", "phao-binh", "serial", "khẩu", "Liên Xô",
     ["Lựu pháo D-30 122 mm", "Pháo 105 mm M101", "Pháo phòng không 37 mm",
      "Pháo phòng không 57 mm", "Pháo nòng dài 130 mm M-46", "Dàn phóng BM-21"]),
    ("signal", "thong-tin", "serial", "bộ", "Việt Nam",
     ["Máy thông tin VRU-812", "Máy thông tin VRH-811", "Máy VRP-712", "Tổng đài điện tử",
      "Máy thông tin sóng ngắn VRS-631"]),
    ("engineer", "cong-binh", "serial", "chiếc", "Việt Nam",
     ["Máy dò mìn", "Xe ủi công binh", "Cầu phao PMP", "Xuồng công binh"]),
    ("chem", "hoa-hoc", "serial", "bộ", "Việt Nam",
     ["Mặt nạ phòng độc", "Máy tiêu tẩy", "Khí tài trinh sát hóa học"]),
    ("boats", "tau-thuyen", "serial", "chiếc", "Việt Nam",
     ["Xuồng tuần tra", "Ca nô cao tốc", "Tàu tuần tra TT-400"]),
    ("metrology", "do-luong", "serial", "bộ", "Nhật Bản",
     ["Đồng hồ đo áp suất", "Máy hiệu chuẩn", "Bộ dụng cụ đo nòng"]),
    ("ammo", "quan-khi", "lot", "viên", "Việt Nam",
     ["Đạn 7,62 mm K56", "Đạn 7,62 mm K43", "Lựu đạn cầu", "Đạn cối 82 mm", "Đạn B41",
      "Đạn 12,7 mm"]),
    ("parts", "xe-may", "lot", "chiếc", "Việt Nam",
     ["Ắc quy 12V", "Lốp xe URAL", "Bộ lọc dầu", "Kíp nổ điện"]),
    ("fuel", "xe-may", "bulk", "lít", "", ["Dầu điêzen", "Xăng A92", "Dầu nhờn", "Mỡ bảo quản"]),
]
VARIANTS = ["", " (cải tiến)", " loại 2", " đời 1985", " đời 1998", " đời 2010", " (tân trang)",
            " bản xuất khẩu", " loại nhẹ", " loại nặng", " mẫu 2015", " mẫu 2020", " (sao chép)",
            " đời 1978", " bản huấn luyện", " (nâng cấp)", " đời 2005", " đời 2018"]
# Share of the usage groups (codes seeded by the catalogue migration).
USAGE_SHARE = {"sscd": 55, "huan-luyen": 25, "du-tru": 15, "thuong-xuyen": 5}
# Columns the generator writes, per table (the others take the field's default).
COLUMNS = {
    "unit": "id code name short_name kind_id parent_id path depth valid_from search_text "
            "created_at updated_at",
    "type": "id symbol name branch_id uom origin tracking search_text created_at updated_at",
    "item": "id type_id serial manufactured_year origin unit_id grade usage_group_id status "
            "search_text created_at updated_at",
    "lot": "id type_id lot_number manufacturer manufactured_year expiry_date status search_text "
           "created_at updated_at",
    "movement": "id number kind status effective_date from_unit_id to_unit_id source reason "
                "posted_at created_at updated_at",
    "line": "id movement_id type_id item_id lot_id quantity grade grade_to usage_group_id serial "
            "manufactured_year lot_number",
    "entry": "id movement_id line_id kind direction effective_date unit_id type_id lot_id "
             "item_id grade usage_group_id quantity",
    "balance": "id key unit_id type_id lot_id grade usage_group_id quantity",
    "close": "id unit_id kind period_start period_end closed_at",
    "snapshot": "id close_id unit_id type_id lot_id grade usage_group_id quantity",
    "counter": "id prefix year last",
}
# fmt: on
