# Django settings for the ORM checks: the database comes from the environment (orm_checks.py).
import os
SECRET_KEY = 'x'
INSTALLED_APPS = ['django.contrib.contenttypes', 'django.contrib.auth', 'shop']
DATABASES = {'default': {'ENGINE': 'django.db.backends.postgresql', 'NAME': os.environ['DJ_DB'], 'USER': 'bench', 'HOST': os.environ['DJ_HOST'], 'PORT': os.environ['DJ_PORT']}}
USE_TZ = True
DEFAULT_AUTO_FIELD = 'django.db.models.BigAutoField'
