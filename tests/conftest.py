import pytest


@pytest.fixture(autouse=True)
def test_settings(request):
    """Tests serve static files from the source tree (production uses the hashed manifest),
    keep uploads in a temporary folder and hash passwords cheaply.

    The rules tests also run without Django (`-p no:django`), so this asks for Django's
    settings only where the plugin is active."""
    if not request.config.pluginmanager.hasplugin("django"):
        return
    settings = request.getfixturevalue("settings")
    settings.PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]  # speed only; production keeps PBKDF2
    settings.STORAGES = {
        "default": {"BACKEND": "django.core.files.storage.FileSystemStorage",
                    "OPTIONS": {"location": str(request.getfixturevalue("tmp_path") / "media")}},
        "staticfiles": {"BACKEND": "django.contrib.staticfiles.storage.StaticFilesStorage"},
    }
