from gongkai.services.models.cases import (
    Case,
    CaseCounter,
    CaseDocument,
    CaseMaterial,
    CaseStep,
    Inquiry,
    OneTimeNotice,
    ResultTemplate,
    SpecialProcedure,
)
from gongkai.services.models.catalogue import FeeItem, Material, ServiceItem, ServiceItemVersion
from gongkai.services.models.powers import Power
from gongkai.services.models.ratings import Appeal, Evaluation, Grade, Rectification
from gongkai.services.models.summary import DepartmentDay

__all__ = [
    "Appeal",
    "Evaluation",
    "Grade",
    "Rectification",
    "Case",
    "CaseCounter",
    "CaseDocument",
    "CaseMaterial",
    "CaseStep",
    "DepartmentDay",
    "FeeItem",
    "Inquiry",
    "Material",
    "OneTimeNotice",
    "Power",
    "ResultTemplate",
    "ServiceItem",
    "ServiceItemVersion",
    "SpecialProcedure",
]
