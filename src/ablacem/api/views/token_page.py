"""The user's API tokens page: create one (shown once), list them, revoke one."""

from __future__ import annotations

from django import forms
from django.conf import settings
from django.contrib.auth.views import redirect_to_login
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import Http404
from django.shortcuts import redirect, render
from django.views.decorators.http import require_http_methods

from ablacem.edc.actors import actor_from_request

from ..models import ApiToken
from ..services import NAME_MAX_CHARS, api_token_create, api_token_revoke


class TokenForm(forms.Form):
    """What a new token is for and how long it lasts."""

    name = forms.CharField(label="What the token is for", max_length=NAME_MAX_CHARS)
    days = forms.IntegerField(label="Days until it expires", min_value=1, initial=90)

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["days"].widget.attrs["max"] = settings.ABLACEM_API_TOKEN_MAX_DAYS


@require_http_methods(["GET", "POST"])
def api_tokens(request):
    """GET: the user's tokens; POST ``create``: a new token, shown on this answer only; POST
    ``revoke``: revoke one of the user's tokens."""
    if not request.user.is_authenticated:
        return redirect_to_login(request.get_full_path())
    actor = actor_from_request(request)
    form = TokenForm(request.POST if request.POST.get("action") == "create" else None)
    new_token = None
    if request.method == "POST" and request.POST.get("action") == "revoke":
        token = ApiToken.objects.filter(user=request.user, pk=request.POST.get("token", "")[:12] or 0).first()
        if token is None:
            raise Http404
        api_token_revoke(actor=actor, token=token)
        return redirect("api_tokens")
    if request.method == "POST" and form.is_valid():
        try:
            _, new_token = api_token_create(actor=actor, name=form.cleaned_data["name"], days=form.cleaned_data["days"])
        except ValidationError as exc:
            for field, messages in exc.message_dict.items():
                for message in messages:
                    form.add_error(field if field in form.fields else None, message)
        except PermissionDenied as exc:
            form.add_error(None, str(exc))
    tokens = ApiToken.objects.filter(user=request.user)
    return render(
        request,
        "api/tokens.html",
        {"form": form, "tokens": tokens, "new_token": new_token, "nav": "api_tokens", "title": "API tokens"},
    )
