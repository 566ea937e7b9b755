"""Details of the seed-document records that the sources leave out: each forum's board,
who carried out each activity, what it achieved and for how many people.

The sources name no board members and give no counts of beneficiaries, so every name
and figure here is a plausible invention (names in the style of the region: Malay and
Minangkabau in Sumatra, Butonese in Baubau); the volumes follow the plans, and the
works are those the progress reports record as finished.
"""

from forums.models import ForumMember

CHAIR = ForumMember.Role.CHAIR
SECRETARY = ForumMember.Role.SECRETARY
TREASURER = ForumMember.Role.TREASURER
MEMBER = ForumMember.Role.MEMBER

RELIGIOUS = ForumMember.Group.RELIGIOUS
CUSTOMARY = ForumMember.Group.CUSTOMARY
YOUTH = ForumMember.Group.YOUTH
WOMEN = ForumMember.Group.WOMEN
COMMUNITY = ForumMember.Group.COMMUNITY

MALE, FEMALE = ForumMember.Sex.MALE, ForumMember.Sex.FEMALE

# (name, role, represented group, sex)
BABUSSALAM_BOARD = [
    ("Zulkarnain", CHAIR, COMMUNITY, MALE),
    ("Siti Aminah", SECRETARY, WOMEN, FEMALE),
    ("Ahmad Syukri", TREASURER, RELIGIOUS, MALE),
    ("Ilyas Datuk Bendaharo", MEMBER, CUSTOMARY, MALE),
    ("Nurhasanah", MEMBER, RELIGIOUS, FEMALE),
    ("Rudi Hartono", MEMBER, YOUTH, MALE),
    ("Sutrisno", MEMBER, COMMUNITY, MALE),
]

PAYO_BOARD = [
    ("Syafrizal Dt. Rajo Mangkuto", CHAIR, CUSTOMARY, MALE),
    ("Rahmi Yulianti", SECRETARY, WOMEN, FEMALE),
    ("Hendra Saputra", TREASURER, YOUTH, MALE),
    ("Buya Yusran", MEMBER, RELIGIOUS, MALE),
    ("Nurlaili", MEMBER, WOMEN, FEMALE),
    ("Afdal Rinaldi", MEMBER, YOUTH, MALE),
    ("Zulhendri", MEMBER, COMMUNITY, MALE),
]

# One board per Baubau forum, in the order of ``programme.BAUBAU_WORKS``.
BAUBAU_BOARDS = [
    [
        ("La Ode Hasirun", CHAIR, CUSTOMARY, MALE),
        ("Wa Ode Nurhaya", SECRETARY, WOMEN, FEMALE),
        ("Muhammad Arsyad", TREASURER, COMMUNITY, MALE),
        ("La Ode Rusli", MEMBER, RELIGIOUS, MALE),
        ("Andi Saputra", MEMBER, YOUTH, MALE),
    ],
    [
        ("La Ode Sabaruddin", CHAIR, COMMUNITY, MALE),
        ("Wa Ode Sitti Marlina", SECRETARY, WOMEN, FEMALE),
        ("La Ode Kamaluddin", TREASURER, CUSTOMARY, MALE),
        ("Abdul Rahim", MEMBER, RELIGIOUS, MALE),
        ("Rahmat Hidayat", MEMBER, YOUTH, MALE),
    ],
    [
        ("Muhammad Yusuf", CHAIR, RELIGIOUS, MALE),
        ("Wa Ode Hasniah", SECRETARY, WOMEN, FEMALE),
        ("La Ode Jumadil", TREASURER, YOUTH, MALE),
        ("La Ode Safiuddin", MEMBER, CUSTOMARY, MALE),
        ("Sitti Rahmawati", MEMBER, COMMUNITY, FEMALE),
    ],
    [
        ("La Ode Ahmad Fauzan", CHAIR, YOUTH, MALE),
        ("Nurjannah", SECRETARY, WOMEN, FEMALE),
        ("La Ode Abdul Gafur", TREASURER, CUSTOMARY, MALE),
        ("Hasanuddin", MEMBER, RELIGIOUS, MALE),
        ("Wa Ode Ratna", MEMBER, COMMUNITY, FEMALE),
    ],
    [
        ("La Ode Munir", CHAIR, CUSTOMARY, MALE),
        ("Wa Ode Fitriani", SECRETARY, YOUTH, FEMALE),
        ("Samsul Bahri", TREASURER, COMMUNITY, MALE),
        ("La Ode Idrus", MEMBER, RELIGIOUS, MALE),
        ("Wa Ode Salmiah", MEMBER, WOMEN, FEMALE),
    ],
]

BOARD_TERM_YEARS = 3


def board(rows, term_start):
    """Member fields of a board, each named row with a three-year term from ``term_start``."""
    term_end = term_start.replace(year=term_start.year + BOARD_TERM_YEARS)
    return [
        {
            "name": name,
            "role": role,
            "group": group,
            "sex": sex,
            "term_start": term_start,
            "term_end": term_end,
        }
        for name, role, group, sex in rows
    ]


# What the activities achieved (fields added to the portal after the first demo).

SEMINAR_RESULTS = {
    "executor": "FKS Desa Babussalam",
    "remarks": "Seminar sehari.",
}

HALL_RESULTS = {
    "executor": "FKS Payo, dikerjakan swakelola bersama warga",
    "achieved_volume": 1,
    "remarks": "Diserahkan kepada warga Payo pada 10 Desember 2018.",
}

# The Solok dialogue's 100 residents by the group they came for (the rest came for none).
SOLOK_DIALOGUE_GROUPS = {
    "participants_religious": 8,
    "participants_customary": 6,
    "participants_youth": 30,
    "participants_women": 28,
    "participants_community": 18,
}

# Per Baubau work, by activity type: (achieved volume, men, women, remarks); None where
# not counted. Only the drainage fell short of its plan. Remarks are a register's: short.
BAUBAU_RESULTS = {
    "village-road": (250, 412, 398, "Rabat beton."),
    "worship-rehab": (1, 186, 171, "Atap dan lantai diganti."),
    "sports-field": (1, 264, 139, ""),
    "drainage": (172, 305, 296, "Kurang 8 m: terhalang bangunan warga."),
    "clean-water": (1, 240, 251, "Sumur bor dan tandon untuk tiga RT."),
    "street-lighting": (20, 350, 342, ""),
    "harmony-monument": (1, None, None, "Diresmikan bersama tokoh adat."),
}


def baubau_work_results(code, village_name):
    achieved, men, women, remarks = BAUBAU_RESULTS[code]
    return {
        "executor": f"FKS Kelurahan {village_name} (swakelola)",
        "achieved_volume": achieved,
        "beneficiaries_male": men,
        "beneficiaries_female": women,
        "remarks": remarks,
    }
