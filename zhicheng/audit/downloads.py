"""Every document the system renders leaves the system through here, and every download
is recorded (P3: every file access): the printed application, the publicity form, the
lists, the minutes, the certificates."""

from pathlib import PurePath

from django.core.files import File
from django.http import FileResponse, HttpResponse
from django.utils.http import content_disposition_header

from .trail import client_address, record_event

XLSX = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
# suffix: (content type, offered as a download rather than shown in the browser)
FORMATS = {".pdf": ("application/pdf", False), ".xlsx": (XLSX, True)}


def document_response(request, body: bytes | File, *, filename: str, subject) -> HttpResponse:
    """`body` (rendered now, or a stored file, streamed), for `request.user`, sent as
    `filename`; the download is an event about `subject` (the application, publicity,
    plan, meeting or certificate)."""
    suffix = PurePath(filename).suffix
    content_type, as_attachment = FORMATS[suffix]
    size = len(body) if isinstance(body, bytes) else body.size
    record_event(action="document.download", subject=subject, actor=request.user, address=client_address(request),
                 details={"file": filename, "format": suffix.removeprefix("."), "bytes": size})
    if isinstance(body, File):
        return FileResponse(body, content_type=content_type, as_attachment=as_attachment, filename=filename)
    response = HttpResponse(body, content_type=content_type)
    response["Content-Disposition"] = content_disposition_header(as_attachment, filename)
    return response
