"""The demo sign-ins: one list, used by `seed_demo` (to create them) and `demo_logins` (to
print them)."""

from dataclasses import dataclass

from kythuat.org.models import Role

DEMO_PASSWORD = "KyThuat@2026"  # noqa: S105 - a published demo password (manage.py demo_logins)
SUPERUSER = "superuser"


@dataclass(frozen=True)
class DemoLogin:
    username: str
    role: str  # a Role value, or SUPERUSER
    unit_code: str | None  # None: the system administrator, above every unit
    last_name: str  # family and middle names (họ và tên đệm)
    first_name: str  # given name (tên)
    position: str


DEMO_LOGINS: tuple[DemoLogin, ...] = (
    DemoLogin("admin", SUPERUSER, None, "Trần Quốc", "Toản", "Quản trị hệ thống"),
    DemoLogin(
        "qk1.admin",
        Role.UNIT_ADMIN,
        "QK1",
        "Lê Thị",
        "Hạnh",
        "Trợ lý công nghệ thông tin, Cục Kỹ thuật Quân khu",
    ),
    DemoLogin(
        "qk1.officer", Role.OFFICER, "QK1", "Nguyễn Văn", "Hùng", "Chủ nhiệm Kỹ thuật Quân khu"
    ),
    DemoLogin("qk1.viewer", Role.VIEWER, "QK1", "Phạm Minh", "Tuấn", "Phó Tư lệnh Quân khu"),
    DemoLogin(
        "langson.admin",
        Role.UNIT_ADMIN,
        "QK1-LS",
        "Hoàng Thị",
        "Lan",
        "Trợ lý tác chiến - công nghệ thông tin",
    ),
    DemoLogin(
        "langson.officer",
        Role.OFFICER,
        "QK1-LS",
        "Vi Văn",
        "Thắng",
        "Chủ nhiệm Kỹ thuật Bộ CHQS tỉnh",
    ),
    DemoLogin("langson.clerk", Role.CLERK, "QK1-LS", "Lương Văn", "Đức", "Trợ lý quân khí"),
    DemoLogin(
        "langson.viewer", Role.VIEWER, "QK1-LS", "Nông Đức", "Mạnh", "Chỉ huy trưởng Bộ CHQS tỉnh"
    ),
    DemoLogin(
        "xa.clerk",
        Role.CLERK,
        "QK1-LS-PTKV2-X01",
        "Hoàng Văn",
        "Sơn",
        "Chỉ huy phó Ban CHQS xã, kiêm thủ kho",
    ),
    DemoLogin(
        "sd346.officer", Role.OFFICER, "SD346", "Đỗ Mạnh", "Cường", "Chủ nhiệm Kỹ thuật Sư đoàn"
    ),
    DemoLogin("sd346.clerk", Role.CLERK, "SD346", "Bùi Văn", "Khánh", "Trợ lý xe - máy"),
    DemoLogin("sd346.viewer", Role.VIEWER, "SD346", "Vũ Quang", "Huy", "Sư đoàn trưởng"),
    DemoLogin(
        "e246.officer",
        Role.OFFICER,
        "SD346-E246",
        "Đặng Văn",
        "Long",
        "Chủ nhiệm Kỹ thuật Trung đoàn",
    ),
    DemoLogin(
        "e246.clerk", Role.CLERK, "SD346-E246", "Ngô Thị", "Thu", "Nhân viên thống kê quân khí"
    ),
)
