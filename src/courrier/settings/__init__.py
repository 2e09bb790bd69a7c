"""Settings: `base` reads the environment; `test` tunes it for the test suite."""

from courrier.settings.base import *  # noqa: F403
