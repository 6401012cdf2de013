import gc
import os

from django.core.wsgi import get_wsgi_application

os.environ.setdefault("DJANGO_SETTINGS_MODULE", "config.settings")
application = get_wsgi_application()
# What a server process holds once Django and the apps are loaded lives as long as the
# process: frozen out of the cycle collector, whose full passes would otherwise walk all of
# it again and again (a tenth of the server's work on a closing day).
gc.collect()
gc.freeze()
