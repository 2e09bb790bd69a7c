"""The parliament back office in the Wagtail admin: the sitting calendar, and the register of
decrees, Gazette issues, ministries, parties and members.

Registered by `parliament/wagtail_hooks.py`.
"""
