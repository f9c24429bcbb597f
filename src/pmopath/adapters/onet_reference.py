"""O*NET reference tables: SOC 2018 major groups, content-model groups, the licence's
attribution, and the months of each Related Work Experience category."""

from __future__ import annotations

DEFAULT_SENIORITY = 3
"""The seniority of an occupation without a Job Zone (the middle of 1-5)."""
DEFAULT_TYPICAL_MONTHS = 24
"""The typical months of a move without Related Work Experience data (a common two-year tenure)."""

SOC_MAJOR_GROUPS = {
    "11": "Management",
    "13": "Business and Financial Operations",
    "15": "Computer and Mathematical",
    "17": "Architecture and Engineering",
    "19": "Life, Physical, and Social Science",
    "21": "Community and Social Service",
    "23": "Legal",
    "25": "Educational Instruction and Library",
    "27": "Arts, Design, Entertainment, Sports, and Media",
    "29": "Healthcare Practitioners and Technical",
    "31": "Healthcare Support",
    "33": "Protective Service",
    "35": "Food Preparation and Serving Related",
    "37": "Building and Grounds Cleaning and Maintenance",
    "39": "Personal Care and Service",
    "41": "Sales and Related",
    "43": "Office and Administrative Support",
    "45": "Farming, Fishing, and Forestry",
    "47": "Construction and Extraction",
    "49": "Installation, Maintenance, and Repair",
    "51": "Production",
    "53": "Transportation and Material Moving",
    "55": "Military Specific",
}
"""SOC 2018 major groups: the first two digits of an O*NET-SOC code -> group name."""

CONTENT_MODEL_GROUPS = {
    "2.A.1": "Content skills",
    "2.A.2": "Process skills",
    "2.B.1": "Social skills",
    "2.B.2": "Complex problem solving skills",
    "2.B.3": "Technical skills",
    "2.B.4": "Systems skills",
    "2.B.5": "Resource management skills",
    "2.C.1": "Business and management knowledge",
    "2.C.2": "Manufacturing and production knowledge",
    "2.C.3": "Engineering and technology knowledge",
    "2.C.4": "Mathematics and science knowledge",
    "2.C.5": "Health services knowledge",
    "2.C.6": "Education and training knowledge",
    "2.C.7": "Arts and humanities knowledge",
    "2.C.8": "Law and public safety knowledge",
    "2.C.9": "Communications knowledge",
    "2.C.10": "Transportation knowledge",
}
"""O*NET content-model groups (first three parts of an Element ID) -> name, used as areas."""

ATTRIBUTION = (
    "PMO Pathways includes information from the {database} by the U.S. Department of Labor, "
    "Employment and Training Administration (USDOL/ETA). Used under the CC BY 4.0 license "
    "(https://creativecommons.org/licenses/by/4.0/). O*NET\u00ae is a trademark of USDOL/ETA. "
    "PMO Pathways has modified all or some of this information. USDOL/ETA has not approved, "
    "endorsed, or tested these modifications."
)
"""The attribution O*NET's CC BY 4.0 licence asks for (onetcenter.org/license_db.html)."""

RW_CATEGORY_MONTHS = dict(
    enumerate((0.0, 0.5, 2.0, 4.5, 9.0, 18.0, 36.0, 60.0, 84.0, 108.0, 132.0), start=1)
)
"""Midpoint in months of each Related Work Experience category in O*NET 29.3: 1 none, 2 up to 1
month, 3 1-3 months, 4 3-6 months, 5 6-12 months, 6 1-2 years, 7 2-4, 8 4-6, 9 6-8, 10 8-10
years, 11 over 10 years (open-ended, taken as 10% beyond its bound). Used when the categories
file is absent; when present, its descriptions are parsed instead (``category_months``).
"""
