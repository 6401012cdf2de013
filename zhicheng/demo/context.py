from django.utils import timezone

from .clock import demo_date_differs, real_today


def demo_date(request):
    """On every page of the demo while the demo date is not the real date: both dates."""
    if not demo_date_differs():
        return {}
    return {"demo_date": {"today": timezone.localdate(), "real": real_today()}}
