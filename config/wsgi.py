import gc
import os

from django.core.wsgi import get_wsgi_application

os.environ.setdefault("DJANGO_SETTINGS_MODULE", "config.settings")
application = get_wsgi_application()


def loaded() -> None:
    """What every process builds on its first pages and keeps, built now: the addresses
    and every template of the site compiled, in the site's language."""
    from pathlib import Path

    from django.template import engines
    from django.urls import reverse
    from django.utils import translation

    import zhicheng

    reverse("web:home")
    translation.gettext("Yes")
    engine, ours = engines["django"], Path(zhicheng.__file__).parent
    for folder in map(Path, engine.template_dirs):
        if ours in folder.parents:
            for template in folder.rglob("*.html"):
                engine.get_template(template.relative_to(folder).as_posix())


# What a server process holds once it is loaded lives as long as it does: frozen out of
# the cycle collector, whose full passes would otherwise walk all of it again and again
# (a tenth of the server's work on a closing day).
loaded()
gc.collect()
gc.freeze()
