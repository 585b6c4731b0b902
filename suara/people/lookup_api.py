"""What every private lookup's API operation shares (``POST`` with ``{"nik": ..., "nama": ...}`` in the body,
never in the URL): the input's two fields and the client's count before the body is read. An app's ``api.py``
declares the operation itself (its path, answer schema, summary and description) and answers with
``PrivateLookup.api_answer``, as the fast path does (``lookup_fast``)."""

from __future__ import annotations

import functools
from typing import Annotated, Any

from django.http import HttpRequest
from ninja import Field, Schema
from ninja.decorators import decorate_view
from pydantic import WithJsonSchema

from suara.core import answers
from suara.core.errors import DomainError
from suara.people.lookup import PrivateLookup

# Typed loosely so that a number, null or a missing field reaches the lookup's own check and comes back as a
# 400 with its code (invalid_nik, name_required) like any other malformed lookup.
LooseText = Annotated[Any, WithJsonSchema({"type": "string"})]


class LookupIn(Schema):
    nik: LooseText = Field("", description="NIK, 16 digit angka (dikirim di badan permintaan, tidak di URL)")
    nama: LooseText = Field("", description="nama lengkap sesuai KTP-el; huruf besar/kecil, spasi dan gelar diabaikan")


def counted_before_reading(lookup: PrivateLookup):
    """The operation's decorator: counts the lookup against the client's limit before ninja reads the body,
    so that a body refused as malformed or too large (413) counts as a lookup too."""

    def counting(run):
        @functools.wraps(run)
        def counted(request: HttpRequest, *args, **kwargs):
            try:
                lookup.count_client(request, api=True)
            except DomainError as exc:
                return answers.domain_error(exc)
            return run(request, *args, **kwargs)

        return counted

    return decorate_view(counting)
