"""Courrier: the publishing platform of a subscription-only parliamentary news service."""
