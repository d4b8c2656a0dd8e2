"""Fixed content of the demo province.

The people are invented; the agencies are the kinds a city's Steering Committee
138 has as members (ARCHITECTURE.md, the seed article).
"""

import datetime

from bcd138.agencies.models import AgencyKind, MemberPosition, Role

PROVINCIAL_POLICE = "Công an thành phố Đà Nẵng"
POLICE_ADDRESS = "Thành phố Đà Nẵng"

# (key, name, kind, short name)
PROVINCIAL_AGENCIES = [
    (
        "ubnd",
        "Ủy ban nhân dân thành phố Đà Nẵng",
        AgencyKind.PEOPLES_COMMITTEE,
        "UBND TP",
    ),
    (
        "vks",
        "Viện kiểm sát nhân dân thành phố Đà Nẵng",
        AgencyKind.PROCURACY,
        "VKSND TP",
    ),
    ("toa", "Tòa án nhân dân thành phố Đà Nẵng", AgencyKind.COURT, "TAND TP"),
    (
        "front",
        "Ủy ban Mặt trận Tổ quốc Việt Nam thành phố Đà Nẵng",
        AgencyKind.FATHERLAND_FRONT,
        "UBMTTQ TP",
    ),
    ("giaoduc", "Sở Giáo dục và Đào tạo", AgencyKind.DEPARTMENT, "Sở GD&ĐT"),
    ("noivu", "Sở Nội vụ", AgencyKind.DEPARTMENT, "Sở Nội vụ"),
    ("vanhoa", "Sở Văn hóa, Thể thao và Du lịch", AgencyKind.DEPARTMENT, "Sở VHTTDL"),
    ("tuphap", "Sở Tư pháp", AgencyKind.DEPARTMENT, "Sở Tư pháp"),
    ("yte", "Sở Y tế", AgencyKind.DEPARTMENT, "Sở Y tế"),
    ("khcn", "Sở Khoa học và Công nghệ", AgencyKind.DEPARTMENT, "Sở KH&CN"),
    ("taichinh", "Sở Tài chính", AgencyKind.DEPARTMENT, "Sở Tài chính"),
    ("quansu", "Bộ Chỉ huy Quân sự thành phố", AgencyKind.DEPARTMENT, "BCHQS TP"),
    (
        "bienphong",
        "Bộ Chỉ huy Bộ đội Biên phòng thành phố",
        AgencyKind.DEPARTMENT,
        "BĐBP TP",
    ),
    ("bao", "Báo và Phát thanh, Truyền hình Đà Nẵng", AgencyKind.OTHER, "Báo ĐN"),
]

# (key, name): organisations that are members of the Fatherland Front.
FRONT_MEMBERS = [
    ("phunu", "Hội Liên hiệp Phụ nữ thành phố Đà Nẵng"),
    ("doan", "Thành đoàn Đà Nẵng"),
    ("nongdan", "Hội Nông dân thành phố Đà Nẵng"),
    ("ccb", "Hội Cựu chiến binh thành phố Đà Nẵng"),
    ("congdoan", "Liên đoàn Lao động thành phố Đà Nẵng"),
]

PROVINCE_COMMITTEE = (
    "Ban Chỉ đạo phòng, chống tội phạm, tệ nạn xã hội và xây dựng phong trào "
    "Toàn dân bảo vệ an ninh Tổ quốc thành phố Đà Nẵng"
)
COMMITTEE_DECISION = "Quyết định số 01/QĐ-UBND (dữ liệu mẫu)"
TERM_START = datetime.date(2025, 7, 1)

# (position, title in their agency, agency key)
PROVINCE_SEATS = [
    (MemberPosition.HEAD, "Chủ tịch UBND thành phố", "ubnd"),
    (MemberPosition.STANDING_DEPUTY, "Giám đốc Công an thành phố", "police"),
    (MemberPosition.DEPUTY, "Phó Chủ tịch UBND thành phố", "ubnd"),
    (MemberPosition.DEPUTY, "Phó Chủ tịch Ủy ban MTTQ Việt Nam thành phố", "front"),
    (MemberPosition.MEMBER, "Phó Giám đốc Công an thành phố", "police"),
    (MemberPosition.MEMBER, "Phó Viện trưởng VKSND thành phố", "vks"),
    (MemberPosition.MEMBER, "Phó Chánh án TAND thành phố", "toa"),
    (MemberPosition.MEMBER, "Giám đốc Sở Giáo dục và Đào tạo", "giaoduc"),
    (MemberPosition.MEMBER, "Giám đốc Sở Nội vụ", "noivu"),
    (MemberPosition.MEMBER, "Giám đốc Sở Văn hóa, Thể thao và Du lịch", "vanhoa"),
    (MemberPosition.MEMBER, "Giám đốc Sở Tư pháp", "tuphap"),
    (MemberPosition.MEMBER, "Giám đốc Sở Y tế", "yte"),
    (MemberPosition.MEMBER, "Chỉ huy trưởng Bộ Chỉ huy Quân sự thành phố", "quansu"),
    (MemberPosition.MEMBER, "Chỉ huy trưởng Bộ đội Biên phòng thành phố", "bienphong"),
    (MemberPosition.MEMBER, "Chủ tịch Hội Liên hiệp Phụ nữ thành phố", "phunu"),
    (MemberPosition.MEMBER, "Bí thư Thành đoàn", "doan"),
]

# (username, full name, role, agency key, commune short name or "" for the city,
#  staff access to the administration screens)
DEMO_USERS = [
    ("quantri", "Quản trị hệ thống (mẫu)", Role.SYSTEM_ADMIN, "police", "", True),
    ("lanhdao", "Lãnh đạo Ban Chỉ đạo (mẫu)", Role.COMMITTEE_LEADER, "ubnd", "", False),
    (
        "thuongtruc",
        "Cán bộ Thường trực (mẫu)",
        Role.STANDING_OFFICE,
        "police",
        "",
        False,
    ),
    (
        "catp",
        "Cán bộ Công an thành phố (mẫu)",
        Role.PROVINCIAL_POLICE,
        "police",
        "",
        False,
    ),
    (
        "truongca.tamky",
        "Trưởng Công an phường Tam Kỳ (mẫu)",
        Role.UNIT_HEAD,
        "ca:Tam Kỳ",
        "Tam Kỳ",
        False,
    ),
    (
        "ca.tamky",
        "Cán bộ Công an phường Tam Kỳ (mẫu)",
        Role.COMMUNE_POLICE,
        "ca:Tam Kỳ",
        "Tam Kỳ",
        False,
    ),
    (
        "ca.haichau",
        "Cán bộ Công an phường Hải Châu (mẫu)",
        Role.COMMUNE_POLICE,
        "ca:Hải Châu",
        "Hải Châu",
        False,
    ),
    (
        # The commune of the demo's forming hot spot: its officer sees the alert.
        "ca.hoian",
        "Cán bộ Công an phường Hội An (mẫu)",
        Role.COMMUNE_POLICE,
        "ca:Hội An",
        "Hội An",
        False,
    ),
    ("vks", "Kiểm sát viên liên lạc (mẫu)", Role.PROCURACY_LIAISON, "vks", "", False),
    ("toaan", "Thư ký Tòa án liên lạc (mẫu)", Role.COURT_LIAISON, "toa", "", False),
    ("sogiaoduc", "Cán bộ Sở GD&ĐT (mẫu)", Role.MEMBER_AGENCY, "giaoduc", "", False),
    ("mttq", "Cán bộ Ủy ban MTTQ (mẫu)", Role.MEMBER_AGENCY, "front", "", False),
    ("kiemtra", "Kiểm tra viên nhật ký (mẫu)", Role.AUDITOR, "police", "", False),
]

FAMILY_NAMES = [
    "Nguyễn",
    "Trần",
    "Lê",
    "Phạm",
    "Hoàng",
    "Huỳnh",
    "Phan",
    "Võ",
    "Đặng",
    "Bùi",
    "Đỗ",
    "Ngô",
    "Dương",
    "Lý",
]
MIDDLE_NAMES = [
    "Văn",
    "Thị",
    "Minh",
    "Quốc",
    "Thanh",
    "Hữu",
    "Đức",
    "Ngọc",
    "Công",
    "Xuân",
]
GIVEN_NAMES = [
    "An",
    "Bình",
    "Cường",
    "Dũng",
    "Hải",
    "Hùng",
    "Lan",
    "Mai",
    "Nam",
    "Phúc",
    "Quang",
    "Sơn",
    "Tâm",
    "Thảo",
    "Trung",
    "Vinh",
    "Hà",
    "Long",
]
