"""The demo catalogue: a few hundred equipment types across the technical branches.

Each row: symbol, name, origin, first and last year of manufacture, weight (how common it
is). The category says how the demo moves it around (who holds it, where it is kept) and
how it is tracked; it is not stored.
"""

import re
from dataclasses import dataclass

from kythuat.catalog import services as catalog_services
from kythuat.catalog.models import Branch, EquipmentType, Tracking
from kythuat.core.text import fold

LX, TQ, VN, NGA = "Liên Xô", "Trung Quốc", "Việt Nam", "Nga"
NOW = 2026

# category: (branch, uom, tracking, where it is kept)
CATEGORIES = {
    "rifle": ("quan-khi", "khẩu", Tracking.SERIAL, "weapons"),
    "pistol": ("quan-khi", "khẩu", Tracking.SERIAL, "weapons"),
    "crew": ("quan-khi", "khẩu", Tracking.SERIAL, "weapons"),
    "heavy": ("phao-binh", "khẩu", Tracking.SERIAL, "weapons"),
    "optic": ("quan-khi", "chiếc", Tracking.SERIAL, "weapons"),
    "armour": ("tang-thiet-giap", "chiếc", Tracking.SERIAL, "vehicles"),
    "vehicle": ("xe-may", "chiếc", Tracking.SERIAL, "vehicles"),
    "generator": ("xe-may", "chiếc", Tracking.SERIAL, "vehicles"),
    "radio": ("thong-tin", "chiếc", Tracking.SERIAL, "other"),
    "engineer": ("cong-binh", "chiếc", Tracking.SERIAL, "other"),
    "chem": ("hoa-hoc", "chiếc", Tracking.SERIAL, "other"),
    "boat": ("tau-thuyen", "chiếc", Tracking.SERIAL, "vehicles"),
    "measure": ("do-luong", "bộ", Tracking.SERIAL, "other"),
    "ammo": ("quan-khi", "viên", Tracking.LOT, "weapons"),
    "shell": ("phao-binh", "quả", Tracking.LOT, "weapons"),
    "explosive": ("cong-binh", "kg", Tracking.LOT, "other"),
    "spare": ("xe-may", "bộ", Tracking.LOT, "other"),
    "part": ("quan-khi", "bộ", Tracking.LOT, "other"),
    "fuel": ("xe-may", "lít", Tracking.BULK, "other"),
    "material": ("quan-khi", "kg", Tracking.BULK, "other"),
    "protective": ("hoa-hoc", "chiếc", Tracking.BULK, "other"),
}

SERIAL_TYPES = {
    "rifle": [
        ("AK-47", "Súng tiểu liên AK-47", LX, 1955, 1975, 3),
        ("AKS-47", "Súng tiểu liên AK-47 báng gấp", LX, 1955, 1975, 1),
        ("K56", "Súng tiểu liên K56", TQ, 1958, 1985, 4),
        ("K56-1", "Súng tiểu liên K56-1 báng gấp", TQ, 1964, 1985, 1.5),
        ("AKM", "Súng tiểu liên AKM", LX, 1959, 1980, 3),
        ("AKMS", "Súng tiểu liên AKMS báng gấp", LX, 1960, 1980, 1),
        ("MPi-KM", "Súng tiểu liên MPi-KM", "CHDC Đức", 1966, 1988, 0.8),
        ("PM-63", "Súng tiểu liên PM md. 63", "Ru-ma-ni", 1965, 1985, 0.6),
        ("AMD-65", "Súng tiểu liên AMD-65", "Hung-ga-ri", 1967, 1985, 0.5),
        ("vz.58", "Súng tiểu liên Sa vz. 58", "Séc", 1959, 1984, 0.5),
        ("AK-74", "Súng tiểu liên AK-74", LX, 1974, 1991, 0.5),
        ("CKC", "Súng trường CKC", LX, 1950, 1960, 1.2),
        ("CKC-TQ", "Súng trường CKC K56", TQ, 1956, 1975, 0.8),
        ("SVD", "Súng bắn tỉa SVD", LX, 1965, 1990, 0.3),
        ("Galil-ACE31", "Súng tiểu liên Galil ACE 31", VN, 2014, NOW, 1),
        ("Galil-ACE32", "Súng tiểu liên Galil ACE 32", VN, 2014, NOW, 0.8),
        ("STV-380", "Súng tiểu liên STV-380", VN, 2019, NOW, 3),
        ("STV-215", "Súng tiểu liên STV-215", VN, 2019, NOW, 1),
        ("STV-022", "Súng tiểu liên STV-022", VN, 2020, NOW, 0.8),
    ],
    "pistol": [
        ("K54", "Súng ngắn K54", TQ, 1955, 1985, 3),
        ("TT-33", "Súng ngắn TT-33", LX, 1940, 1955, 0.5),
        ("K54-VN", "Súng ngắn K54 (Z111)", VN, 1990, 2015, 1.5),
        ("K59", "Súng ngắn K59", LX, 1955, 1990, 1.5),
        ("K59-TQ", "Súng ngắn K59 (Type 59)", TQ, 1959, 1985, 0.7),
        ("K14-VN", "Súng ngắn K14-VN", VN, 2014, NOW, 1),
        ("Colt-45", "Súng ngắn Colt 45", "Mỹ", 1940, 1970, 0.2),
    ],
    "crew": [
        ("RPD", "Súng trung liên RPD", LX, 1953, 1975, 2),
        ("K56-TL", "Súng trung liên K56", TQ, 1958, 1980, 1.5),
        ("RPK", "Súng trung liên RPK", LX, 1961, 1985, 1.5),
        ("PK", "Súng đại liên PK", LX, 1961, 1975, 0.6),
        ("PKM", "Súng đại liên PKM", LX, 1969, 1990, 1.2),
        ("K57", "Súng đại liên K57", TQ, 1957, 1975, 0.5),
        ("B40", "Súng chống tăng B40", TQ, 1956, 1975, 1.5),
        ("B41", "Súng chống tăng B41", LX, 1962, 1990, 2),
        ("B41-VN", "Súng chống tăng B41 (Z111)", VN, 2008, NOW, 1.2),
        ("M79", "Súng phóng lựu M79", "Mỹ", 1961, 1971, 0.4),
        ("DShK", "Súng máy phòng không 12,7 mm DShK", LX, 1946, 1975, 0.6),
        ("K54-12,7", "Súng máy 12,7 mm K54", TQ, 1954, 1980, 0.6),
        ("NSV", "Súng máy 12,7 mm NSV", LX, 1972, 1990, 0.4),
        ("NSV-VN", "Súng máy 12,7 mm NSV (Z111)", VN, 2008, NOW, 0.5),
        ("C-60", "Súng cối 60 mm K63", TQ, 1963, 1980, 1),
        ("C-60-VN", "Súng cối 60 mm (Z125)", VN, 2000, NOW, 0.8),
        ("C-82", "Súng cối 82 mm M-37", LX, 1940, 1975, 0.8),
        ("C-82-TQ", "Súng cối 82 mm K53", TQ, 1953, 1980, 0.8),
        ("ĐKZ-82", "Súng không giật ĐKZ 82 mm", LX, 1954, 1975, 0.5),
        ("ĐKZ-75", "Súng không giật ĐKZ 75 mm", TQ, 1952, 1975, 0.4),
        ("SPG-9", "Súng chống tăng SPG-9 73 mm", LX, 1963, 1990, 0.5),
    ],
    "heavy": [
        ("C-100", "Súng cối 100 mm", TQ, 1955, 1980, 0.4),
        ("C-120", "Súng cối 120 mm PM-43", LX, 1943, 1975, 0.4),
        ("C-120-TQ", "Súng cối 120 mm K55", TQ, 1955, 1980, 0.3),
        ("D-30", "Lựu pháo 122 mm D-30", LX, 1963, 1985, 0.5),
        ("D-74", "Pháo nòng dài 122 mm D-74", LX, 1955, 1975, 0.3),
        ("M-30", "Lựu pháo 122 mm M-30", LX, 1940, 1955, 0.3),
        ("D-44", "Pháo 85 mm D-44", LX, 1945, 1960, 0.3),
        ("M101", "Lựu pháo 105 mm M101", "Mỹ", 1945, 1970, 0.3),
        ("61-K", "Pháo phòng không 37 mm 61-K", LX, 1945, 1965, 0.4),
        ("S-60", "Pháo phòng không 57 mm S-60", LX, 1950, 1970, 0.3),
        ("ZPU-4", "Súng máy phòng không 14,5 mm ZPU-4", LX, 1949, 1975, 0.3),
        ("ZPU-2", "Súng máy phòng không 14,5 mm ZPU-2", LX, 1949, 1975, 0.3),
        ("ZU-23-2", "Pháo phòng không 23 mm ZU-23-2", LX, 1960, 1985, 0.3),
        ("ĐKB", "Giá phóng đơn ĐKB 122 mm", LX, 1966, 1975, 0.2),
        ("H12", "Dàn phóng loạt H12 107 mm", TQ, 1963, 1980, 0.2),
    ],
    "optic": [
        ("ON-6x30", "Ống nhòm 6×30", LX, 1955, 1990, 1.5),
        ("ON-7x50", "Ống nhòm 7×50", TQ, 1960, 1990, 1),
        ("ON-8x30-VN", "Ống nhòm 8×30 (Z199)", VN, 2010, NOW, 1),
        ("PSO-1", "Kính ngắm quang học PSO-1", LX, 1965, 1990, 0.5),
        ("PGO-7", "Kính ngắm B41 PGO-7", LX, 1962, 1990, 0.6),
        ("NSPU", "Kính ngắm đêm NSPU", LX, 1970, 1990, 0.3),
        ("KNAN-VN", "Kính ngắm ảnh nhiệt (Z199)", VN, 2018, NOW, 0.3),
        ("PAB-2A", "Địa bàn pháo binh PAB-2A", LX, 1960, 1990, 0.4),
        ("MĐX-LPR", "Máy đo xa laser LPR-1", NGA, 1995, 2015, 0.2),
    ],
    "armour": [
        ("T-54B", "Xe tăng T-54B", LX, 1958, 1980, 1),
        ("T-55", "Xe tăng T-55", LX, 1958, 1981, 0.8),
        ("T-59", "Xe tăng T-59", TQ, 1959, 1980, 0.6),
        ("T-54M", "Xe tăng T-54 nâng cấp", VN, 2017, NOW, 0.3),
        ("PT-76", "Xe tăng lội nước PT-76", LX, 1951, 1969, 0.5),
        ("K63", "Xe tăng lội nước K63", TQ, 1963, 1980, 0.4),
        ("BTR-152", "Xe thiết giáp BTR-152", LX, 1950, 1962, 0.4),
        ("BTR-60PB", "Xe thiết giáp BTR-60PB", LX, 1960, 1976, 0.5),
        ("BMP-1", "Xe chiến đấu bộ binh BMP-1", LX, 1966, 1983, 0.4),
        ("M113", "Xe thiết giáp M113", "Mỹ", 1960, 1972, 0.3),
    ],
    "vehicle": [
        ("URAL-375D", "Xe ô tô URAL-375D", LX, 1965, 1990, 2),
        ("URAL-4320", "Xe ô tô URAL-4320", NGA, 2005, 2015, 1.5),
        ("URAL-375-XT", "Xe xi téc nhiên liệu URAL-375", LX, 1970, 1990, 0.4),
        ("ZIL-130", "Xe ô tô ZIL-130", LX, 1965, 1990, 1),
        ("ZIL-131", "Xe ô tô ZIL-131", LX, 1967, 1995, 2),
        ("ZIL-131-XT", "Xe xi téc nước ZIL-131", LX, 1970, 1990, 0.4),
        ("ZIL-131-TK", "Xe thông tin ZIL-131 thùng kín", LX, 1972, 1990, 0.3),
        ("GAZ-66", "Xe ô tô GAZ-66", LX, 1965, 1995, 1.5),
        ("GAZ-69", "Xe ô tô GAZ-69", LX, 1955, 1972, 0.5),
        ("UAZ-469", "Xe ô tô UAZ-469", LX, 1972, 2005, 1.2),
        ("UAZ-31512", "Xe ô tô UAZ-31512", NGA, 1985, 2005, 0.6),
        ("KAMAZ-4310", "Xe ô tô KAMAZ-4310", LX, 1981, 1995, 0.6),
        ("KAMAZ-43118", "Xe ô tô KAMAZ-43118", NGA, 2010, NOW, 1.2),
        ("KAMAZ-53228", "Xe ô tô KAMAZ-53228", NGA, 2012, NOW, 0.6),
        ("KRAZ-255B", "Xe ô tô KrAZ-255B", LX, 1967, 1990, 0.3),
        ("MAZ-537", "Xe đầu kéo MAZ-537", LX, 1965, 1985, 0.15),
        ("HD-120", "Xe ô tô tải Hyundai HD120", "Hàn Quốc", 2008, NOW, 0.5),
        ("OLLIN-500", "Xe ô tô tải Thaco Ollin 500", VN, 2010, NOW, 0.5),
        ("RANGER", "Xe ô tô bán tải Ford Ranger", "Thái Lan", 2012, NOW, 1),
        ("LC-200", "Xe ô tô Toyota Land Cruiser", "Nhật Bản", 2000, NOW, 0.4),
        ("TRANSIT", "Xe ô tô Ford Transit 16 chỗ", VN, 2005, NOW, 0.4),
        ("XCT-TRANSIT", "Xe cứu thương Ford Transit", VN, 2008, NOW, 0.3),
        ("WAVE-110", "Xe mô tô Honda Wave Alpha", VN, 2005, NOW, 1.2),
        ("SIRIUS", "Xe mô tô Yamaha Sirius", VN, 2006, NOW, 0.8),
        ("MINSK-125", "Xe mô tô Minsk 125", LX, 1975, 1995, 0.5),
    ],
    "generator": [
        ("MPĐ-2KW", "Máy phát điện 2 kW", VN, 2000, NOW, 1),
        ("EP-5", "Máy phát điện Honda 5 kVA", "Nhật Bản", 2000, NOW, 1),
        ("KUBOTA-10", "Máy phát điện Kubota 10 kVA", "Nhật Bản", 1995, NOW, 0.8),
        ("DENYO-30", "Máy phát điện Denyo 30 kVA", "Nhật Bản", 1995, NOW, 0.5),
        ("AD-30", "Trạm phát điện AD-30", LX, 1970, 1990, 0.5),
        ("AB-4", "Máy phát điện AB-4", LX, 1965, 1990, 0.5),
        ("TPĐ-60", "Trạm phát điện 60 kW", VN, 2010, NOW, 0.3),
    ],
    "radio": [
        ("VRH-811/S", "Máy thông tin VTĐ sóng ngắn VRH-811/S", VN, 2006, NOW, 2),
        ("VRU-812", "Máy thông tin VTĐ sóng cực ngắn VRU-812", VN, 2008, NOW, 1.5),
        ("VRP-712/S", "Máy thông tin VTĐ sóng cực ngắn VRP-712/S", VN, 2004, NOW, 1.5),
        ("VRS-631/S", "Máy thông tin VTĐ sóng ngắn VRS-631/S", VN, 2008, NOW, 0.8),
        ("VRU-611", "Máy thông tin VTĐ sóng cực ngắn VRU-611", VN, 2012, NOW, 0.6),
        ("PRC-25", "Máy thông tin VTĐ PRC-25", "Mỹ", 1962, 1972, 0.6),
        ("PRC-77", "Máy thông tin VTĐ PRC-77", "Mỹ", 1968, 1975, 0.6),
        ("R-105M", "Máy thông tin VTĐ R-105M", LX, 1960, 1985, 0.5),
        ("R-107M", "Máy thông tin VTĐ R-107M", LX, 1970, 1990, 0.5),
        ("R-159", "Máy thông tin VTĐ R-159", LX, 1978, 1991, 0.4),
        ("K71", "Máy thông tin VTĐ K71", TQ, 1971, 1985, 0.3),
        ("IC-V80", "Máy bộ đàm ICOM IC-V80", "Nhật Bản", 2010, NOW, 0.8),
        ("GP328", "Máy bộ đàm Motorola GP328", "Malaysia", 2005, 2020, 0.8),
        ("TA-57", "Máy điện thoại TA-57", LX, 1960, 1990, 1),
        ("P-193M", "Tổng đài điện thoại P-193M", LX, 1965, 1990, 0.3),
        ("TĐ-64", "Tổng đài điện tử 64 số", VN, 2005, NOW, 0.2),
    ],
    "engineer": [
        ("IMP", "Máy dò mìn IMP", LX, 1960, 1990, 0.5),
        ("VMH3", "Máy dò mìn VMH3", "Áo", 2005, NOW, 0.5),
        ("MD-VN", "Máy dò mìn MD-VN", VN, 2012, NOW, 0.5),
        ("PC200", "Máy xúc Komatsu PC200", "Nhật Bản", 2005, NOW, 0.2),
        ("D31", "Máy ủi Komatsu D31", "Nhật Bản", 2000, NOW, 0.15),
        ("MKĐ-CT", "Máy khoan đá cầm tay", VN, 2005, NOW, 0.3),
    ],
    "chem": [
        ("DP-5V", "Máy đo phóng xạ DP-5V", LX, 1965, 1990, 0.6),
        ("VPKhR", "Máy trinh sát hóa học VPKhR", LX, 1970, 1990, 0.5),
        ("GSA-12", "Máy báo động chất độc GSA-12", LX, 1975, 1990, 0.3),
        ("ARS-14", "Xe tiêu tẩy ARS-14", LX, 1965, 1985, 0.2),
        ("MĐPX-VN", "Máy đo suất liều phóng xạ (Viện Hóa học - Môi trường)", VN, 2012, NOW, 0.3),
    ],
    "boat": [
        ("ST-450", "Xuồng ST-450", VN, 2005, NOW, 0.4),
        ("ST-660", "Xuồng ST-660", VN, 2008, NOW, 0.3),
        ("XCS-12", "Xuồng cao su 12 chỗ", VN, 2000, NOW, 0.4),
        ("CANO-CB", "Ca nô công binh", LX, 1970, 1990, 0.2),
    ],
    "measure": [
        ("FLUKE-117", "Đồng hồ vạn năng số Fluke 117", "Mỹ", 2005, NOW, 0.5),
        ("MHS-VN", "Máy hiện sóng 2 kênh", "Nhật Bản", 2005, NOW, 0.3),
        ("DKN-BB", "Bộ dưỡng kiểm tra nòng súng bộ binh", VN, 2000, NOW, 0.5),
        ("DKN-PB", "Bộ dưỡng kiểm tra nòng pháo", LX, 1965, 1990, 0.3),
        ("KTĐ-XE", "Bộ dụng cụ kiểm tra điện ô tô", VN, 2005, NOW, 0.4),
        ("MĐCĐ", "Máy đo điện trở cách điện", "Nhật Bản", 2005, NOW, 0.3),
    ],
}

# Lot-tracked ammunition: calibre × kind of round (name, symbol suffix).
T, VD, XC = ("thường", ""), ("vạch đường", "VĐ"), ("xuyên cháy", "XC")
AMMO = [
    ("Đ-K56", "Đạn 7,62 mm K56", "viên", [T, VD, XC, ("tập", "T")], 4),
    ("Đ-K53", "Đạn 7,62×54 mm K53", "viên", [T, VD, XC, ("bắn tỉa", "BT")], 2),
    ("Đ-K54", "Đạn súng ngắn 7,62 mm K54", "viên", [T], 1),
    ("Đ-K59", "Đạn súng ngắn 9 mm K59", "viên", [T], 0.6),
    ("Đ-5,56", "Đạn 5,56×45 mm", "viên", [T, VD], 1.5),
    (
        "Đ-12,7",
        "Đạn 12,7 mm",
        "viên",
        [("xuyên cháy B-32", "B32"), ("vạch đường BZT", "BZT"), T],
        1,
    ),
    ("Đ-14,5", "Đạn 14,5 mm", "viên", [("xuyên cháy B-32", "B32"), ("vạch đường BZT", "BZT")], 0.5),
    ("Đ-B40", "Đạn B40", "quả", [("chống tăng PG-2", "")], 1),
    (
        "Đ-B41",
        "Đạn B41",
        "quả",
        [("chống tăng PG-7V", "PG7V"), ("chống tăng PG-7VM", "PG7VM"), ("sát thương OG-7", "OG7")],
        1.5,
    ),
    ("Đ-ĐKZ82", "Đạn ĐKZ 82 mm", "quả", [("nổ mạnh", "NM"), ("xuyên lõm", "XL")], 0.5),
    (
        "Đ-SPG9",
        "Đạn SPG-9 73 mm",
        "quả",
        [("xuyên lõm PG-9", "PG9"), ("sát thương OG-9", "OG9")],
        0.4,
    ),
    ("Đ-C60", "Đạn cối 60 mm", "quả", [("sát thương", ""), ("khói", "K"), ("chiếu sáng", "CS")], 1),
    ("Đ-C82", "Đạn cối 82 mm", "quả", [("sát thương", ""), ("khói", "K"), ("chiếu sáng", "CS")], 1),
    ("Đ-C100", "Đạn cối 100 mm", "quả", [("sát thương", ""), ("khói", "K")], 0.4),
    (
        "Đ-C120",
        "Đạn cối 120 mm",
        "quả",
        [("sát thương", ""), ("khói", "K"), ("chiếu sáng", "CS")],
        0.4,
    ),
    ("LĐ", "Lựu đạn", "quả", [("cần LĐ-01", "01"), ("chày", "CH"), ("tập", "T")], 2),
    ("Đ-M79", "Đạn phóng lựu 40 mm", "quả", [("sát thương", "")], 0.3),
]
SHELLS = [
    (
        "ĐP-122",
        "Đạn pháo 122 mm",
        "quả",
        [("sát thương nổ phá", ""), ("khói", "K"), ("chiếu sáng", "CS")],
        0.5,
    ),
    ("ĐP-85", "Đạn pháo 85 mm", "quả", [("sát thương nổ phá", ""), ("xuyên thép", "XT")], 0.3),
    ("ĐP-105", "Đạn pháo 105 mm", "quả", [("sát thương nổ phá", ""), ("khói", "K")], 0.3),
    (
        "ĐP-37",
        "Đạn pháo phòng không 37 mm",
        "quả",
        [("sát thương vạch đường", ""), ("xuyên thép", "XT")],
        0.4,
    ),
    (
        "ĐP-57",
        "Đạn pháo phòng không 57 mm",
        "quả",
        [("sát thương vạch đường", ""), ("xuyên thép", "XT")],
        0.3,
    ),
    ("ĐP-23", "Đạn pháo phòng không 23 mm", "quả", [("nổ phá vạch đường", "")], 0.3),
    ("ĐH-107", "Đạn H12 107 mm", "quả", [("nổ phá", "")], 0.2),
]
EXPLOSIVES = [
    ("TNT", "Thuốc nổ TNT", "kg", 1),
    ("TNT-200", "Thuốc nổ TNT bánh 200 g", "kg", 0.6),
    ("KÍP-8", "Kíp nổ điện số 8", "chiếc", 0.6),
    ("DCC", "Dây cháy chậm", "mét", 0.5),
    ("DN", "Dây nổ", "mét", 0.4),
    ("TM-57", "Mìn chống tăng TM-57", "quả", 0.3),
    ("K58", "Mìn chống bộ binh K58", "quả", 0.2),
    ("BP-5", "Lượng nổ bộc phá 5 kg", "quả", 0.3),
]
# Spare parts: (model symbol, model name) × part.
SPARE_MODELS = [
    ("URAL-375D", "xe URAL-375D"),
    ("URAL-4320", "xe URAL-4320"),
    ("ZIL-131", "xe ZIL-131"),
    ("ZIL-130", "xe ZIL-130"),
    ("GAZ-66", "xe GAZ-66"),
    ("UAZ-469", "xe UAZ-469"),
    ("KAMAZ-43118", "xe KAMAZ-43118"),
    ("RANGER", "xe Ford Ranger"),
]
SPARE_PARTS = [
    ("LD", "Lọc dầu động cơ", "chiếc"),
    ("LNL", "Lọc nhiên liệu", "chiếc"),
    ("MP", "Bộ má phanh", "bộ"),
    ("BN", "Bơm nước", "chiếc"),
    ("LOP", "Lốp xe", "chiếc"),
    ("GĐT", "Bộ gioăng đại tu động cơ", "bộ"),
]
WEAPON_SPARES = [
    ("AK", "súng tiểu liên AK"),
    ("RPD", "súng trung liên RPD"),
    ("B41", "súng B41"),
    ("DShK", "súng máy 12,7 mm"),
    ("C-82", "súng cối 82 mm"),
]
WEAPON_PARTS = [
    ("ZIP", "Bộ phụ tùng đồng bộ", "bộ"),
    ("KH", "Kim hỏa", "chiếc"),
    ("LX", "Lò xo đẩy về", "chiếc"),
]
BULK = [
    ("fuel", "RON92", "Xăng RON 92", "lít", 2),
    ("fuel", "RON95", "Xăng RON 95", "lít", 0.5),
    ("fuel", "DO-0,05S", "Dầu điêzen 0,05S", "lít", 2.5),
    ("fuel", "DN-ĐC", "Dầu nhờn động cơ điêzen", "lít", 0.6),
    ("fuel", "DTL", "Dầu thủy lực", "lít", 0.3),
    ("fuel", "DP", "Dầu phanh", "lít", 0.2),
    ("fuel", "DHS", "Dầu hộp số", "lít", 0.3),
    ("fuel", "NLM", "Nước làm mát", "lít", 0.2),
    ("fuel", "MBT", "Mỡ bôi trơn", "kg", 0.3),
    ("material", "DBQS", "Dầu bảo quản súng", "lít", 1),
    ("material", "MBQ", "Mỡ bảo quản súng pháo", "kg", 0.8),
    ("material", "GLS", "Giẻ lau súng", "kg", 0.6),
    ("material", "SCG", "Sơn chống gỉ", "kg", 0.3),
    ("material", "DTS-GK", "Chất tiêu độc DTS-GK", "kg", 0.2),
    ("protective", "MPĐ-05", "Mặt nạ phòng độc MPĐ-05", "chiếc", 2),
    ("protective", "MV-5", "Mặt nạ phòng độc MV-5", "chiếc", 1),
    ("protective", "ShM-41M", "Mặt nạ phòng độc ShM-41M", "chiếc", 0.6),
    ("protective", "L-1", "Bộ quần áo phòng độc L-1", "bộ", 0.6),
    ("protective", "QAPĐ-CL", "Bộ quần áo phòng độc cách ly", "bộ", 0.4),
    ("protective", "IPP-8", "Túi tiêu độc cá nhân IPP-8", "chiếc", 0.5),
]


@dataclass(eq=False)  # compared and hashed by identity: one Kind per type
class Kind:
    """A catalogue type as the demo sees it: the stored type plus how to move it around."""

    etype: EquipmentType
    category: str
    made_from: int
    made_to: int
    weight: float
    prefix: str  # of serial or lot numbers

    @property
    def slot(self) -> str:
        return CATEGORIES[self.category][3]

    @property
    def tracking(self) -> str:
        return self.etype.tracking


def joined_name(first: str, second: str) -> str:
    """"Lốp xe" + "xe GAZ-66" → "Lốp xe GAZ-66": a word is not repeated where two parts of a
    name meet."""
    head, tail = first.split(), second.split()
    if head and tail and head[-1].casefold() == tail[0].casefold():
        tail = tail[1:]
    return " ".join([*head, *tail])


def _rows() -> list[tuple[str, str, str, str, str, int, int, float]]:
    """(category, symbol, name, uom, origin, made from, made to, weight) for every type."""
    rows = []
    for category, entries in SERIAL_TYPES.items():
        uom = CATEGORIES[category][1]
        for symbol, name, origin, start, end, weight in entries:
            rows.append((category, symbol, name, uom, origin, start, end, weight))
    for category, origin, entries in (("ammo", VN, AMMO), ("shell", LX, SHELLS)):
        for symbol, name, uom, kinds, weight in entries:
            for kind, code in kinds:
                rows.append(
                    (
                        category,
                        f"{symbol}-{code}" if code else symbol,
                        joined_name(name, kind),
                        uom,
                        origin,
                        1960,
                        NOW,
                        weight / len(kinds),
                    )
                )
    for symbol, name, uom, weight in EXPLOSIVES:
        rows.append(("explosive", symbol, name, uom, VN, 1970, NOW, weight))
    for model, model_name in SPARE_MODELS:
        for part, part_name, uom in SPARE_PARTS:
            rows.append(
                (
                    "spare",
                    f"PT-{model}-{part}",
                    joined_name(part_name, model_name),
                    uom,
                    NGA if "URAL" in model or "KAMAZ" in model else VN,
                    1990,
                    NOW,
                    0.3,
                )
            )
    for model, model_name in WEAPON_SPARES:
        for part, part_name, uom in WEAPON_PARTS:
            rows.append(
                ("part", f"PT-{model}-{part}", joined_name(part_name, model_name), uom, VN, 1990,
                 NOW, 0.2)
            )
    for category, symbol, name, uom, weight in BULK:
        rows.append((category, symbol, name, uom, VN, 1990, NOW, weight))
    return rows


def serial_prefix(symbol: str) -> str:
    return re.sub(r"[^A-Z0-9]", "", fold(symbol).upper())[:6] or "TB"


def build_catalogue() -> list[Kind]:
    """Creates the types through the catalogue service, in a fixed order."""
    branches = {branch.code: branch for branch in Branch.objects.all()}
    kinds = []
    for category, symbol, name, uom, origin, start, end, weight in _rows():
        branch_code, _uom, tracking, _slot = CATEGORIES[category]
        etype = catalog_services.equipment_type_create(
            actor=None,
            symbol=symbol,
            name=name,
            branch=branches[branch_code],
            uom=uom,
            tracking=tracking,
            origin=origin,
        )
        kinds.append(
            Kind(
                etype=etype,
                category=category,
                made_from=start,
                made_to=end,
                weight=weight,
                prefix=serial_prefix(symbol),
            )
        )
    return kinds
