from .base import *

DEBUG = env_bool("DEBUG", False)
