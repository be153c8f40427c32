"""What the resolution API tests share: a resolution by symbol, whether an action was
logged, a workbook as an upload."""

import io

from django.core.files.uploadedfile import SimpleUploadedFile

from tongket.core.models import ChangeLog
from tongket.resolutions.models import Resolution

PDF = b"%PDF-1.4\n1 0 obj\n<<>>\nendobj\ntrailer\n<<>>\n%%EOF\n"


def resolution(symbol: str) -> Resolution:
    return Resolution.objects.get(symbol=symbol)


def logged(action: str, obj) -> bool:
    return ChangeLog.objects.filter(action=action, object_id=str(obj.pk)).exists()


def xlsx(workbook) -> SimpleUploadedFile:
    buffer = io.BytesIO()
    workbook.save(buffer)
    return SimpleUploadedFile("chi-tieu.xlsx", buffer.getvalue())
