"""`{% admin_init "initDateChooser" widget.attrs.id config_json=widget.config_json %}`: see core/admin_init.py."""

from __future__ import annotations

import json
from typing import Any

from django import template
from django.utils.safestring import SafeString

from courrier.core.admin_init import init_data

register = template.Library()


@register.simple_tag
def admin_init(function: str, *args: Any, config_json: str = "", construct: bool = False) -> SafeString:
    """`config_json` (a JSON text Wagtail prepared) is passed as the call's last argument."""
    values = [*args, json.loads(config_json)] if config_json else list(args)
    return init_data(function, *values, construct=construct)
