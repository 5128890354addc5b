from __future__ import annotations

from fastapi import APIRouter, Depends

from hiring_rules.agencies import Agency, Registry

from ..dependencies import get_registry
from ..schemas import AgencyOut

router = APIRouter(tags=["agencies"])


@router.get(
    "/agencies",
    response_model=list[AgencyOut],
    summary="Arbetsgivarregistret / Employer registry",
    description="Arbetsgivarna assistenten känner till, med adress för överklaganden och HR-kontakter.",
)
def list_agencies(registry: Registry = Depends(get_registry)) -> list[Agency]:
    return list(registry)  # each read into AgencyOut, field by field
