"""The patient's pages: welcome (resume), one screen per question group, review, submit."""

from __future__ import annotations

from django.core.exceptions import ValidationError
from django.http import HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.views.decorators.http import require_http_methods, require_POST

from ablacem.protocol import codelists as cl

from .. import questionnaire as q
from ..forms import PainForm, PainkillersForm, QLQC30Form
from ..forms.steps import BLANK_EXTRA_ROWS, STATUS_LABELS
from ..links import link_token
from ..painkillers import analgesic_rows
from ..selectors import (
    draft_answers,
    draft_of,
    previous_painkillers,
    questionnaire_response_labels,
    questionnaire_wording,
)
from ..services import LinkClosedError, draft_save, link_set_language, questionnaire_submit
from ..services.questionnaire import PAINKILLERS_KEY
from ._patient import IN_CLINIC_SESSION_KEY, closed_page, in_clinic, patient_page
from .describe import painkiller_words, visit_name


def _step_url(link, code: str) -> str:
    return reverse("epro:step", kwargs={"token": link_token(link), "step": code})


def _context(link, language: str, **extra) -> dict:
    wording = questionnaire_wording(language)
    return {
        "visit_name": visit_name(link.timepoint),
        "token": link_token(link),
        "language": language,
        "languages": cl.PATIENT_LANGUAGE.choices,
        "wording_installed": bool(wording),
        **extra,
    }


@require_http_methods(["GET"])
@patient_page
def start(request, link, *, actor, language, today):
    """Welcome: what the questionnaire is, and Start (or Continue where the patient left off)."""
    draft = draft_of(link)
    resume = q.next_step(draft.step) if draft is not None and draft.step else None
    return render(
        request,
        "epro/start.html",
        _context(link, language, first_url=_step_url(link, resume or q.STEP_CODES[0]), resuming=bool(resume)),
    )


@require_POST
@patient_page
def switch_language(request, link, *, actor, language, today):
    """Keep the language the patient chose for this link, and show the same page again."""
    chosen = request.POST.get("language", "")
    if chosen in cl.PATIENT_LANGUAGE.codes:
        link_set_language(actor=actor, link=link, language=chosen)
    back = request.POST.get("step", "")
    return redirect(_step_url(link, back) if back in q.STEP_CODES else reverse("epro:start", args=[link_token(link)]))


def _previous(link, answers: dict) -> list[dict]:
    saved = answers.get(PAINKILLERS_KEY)
    return saved["previous"] if saved else previous_painkillers(link)


def _form(step: q.Step, link, answers: dict, language: str, data=None):
    if step.kind == q.PAIN:
        return PainForm(data, initial={f: answers.get(f) for f in step.items})
    if step.kind == "qlqc30":
        return QLQC30Form(
            data,
            items=step.items,
            wording=questionnaire_wording(language),
            labels=questionnaire_response_labels(language),
            initial={f: answers.get(f) for f in step.items},
        )
    saved = answers.get(PAINKILLERS_KEY) or {}
    extra = saved.get("extra", [])
    initial = {}
    for i, line in enumerate(saved.get("lines", [])):
        initial.update({f"line{i}": line.get("status"), f"line{i}_dose": line.get("dose")})
        initial[f"line{i}_per_day"] = line.get("per_day")
    for j, row in enumerate(extra):
        initial.update({f"extra{j}_{f}": v for f, v in row.items()})
    return PainkillersForm(
        data, previous=_previous(link, answers), n_extra=len(extra) + BLANK_EXTRA_ROWS, initial=initial
    )


def _answers_of(step: q.Step, form) -> dict:
    if step.kind == q.PAINKILLERS:
        extra = [form.extra_row(j) for j in range(form.n_extra)]
        return {
            PAINKILLERS_KEY: {
                "previous": form.previous,
                "lines": [form.line_answer(i) for i in range(len(form.previous))],
                "extra": [row for row in extra if row.get("drug")],
            }
        }
    return {f: form.cleaned_data.get(f) for f in step.items}


def _painkiller_rows(form):
    """(line, status field, dose field, per-day field) of each previous painkiller, for the template."""
    return [
        (painkiller_words(line), form[f"line{i}"], form[f"line{i}_dose"], form[f"line{i}_per_day"])
        for i, line in enumerate(form.previous)
    ]


def _extra_rows(form):
    fields = ("drug", "route", "dose", "unit", "per_day")
    return [[form[f"extra{j}_{f}"] for f in fields] for j in range(form.n_extra)]


@require_http_methods(["GET", "POST"])
@patient_page
def step(request, link, *, actor, language, today, step):
    """One screen of questions; Next saves it and moves on, Back saves what is valid and goes back."""
    try:
        current = q.get_step(step)
    except KeyError:
        return closed_page(request, "unknown", language=language, status=404)
    if current.kind == q.REVIEW:
        return _review(request, link, actor=actor, language=language, today=today)
    answers = draft_answers(link)
    form = _form(current, link, answers, language, request.POST if request.method == "POST" else None)
    if request.method == "POST" and request.POST.get("nav") == AUTOSAVE:
        return _autosave(request, link, current, form, actor=actor, today=today)
    if request.method == "POST":
        going_back = request.POST.get("nav") == "back"
        if form.is_valid():
            try:
                draft_save(actor=actor, link=link, step=current.code, answers=_answers_of(current, form), today=today)
            except LinkClosedError as closed:
                return closed_page(request, str(closed.state), language=language)
            if request.POST.get("nav") == "add":
                return redirect(_step_url(link, current.code) + "#extra")
            target = q.previous_step(current.code) if going_back else q.next_step(current.code)
            return redirect(_step_url(link, target) if target else reverse("epro:start", args=[link_token(link)]))
        if going_back and q.previous_step(current.code):
            return redirect(_step_url(link, q.previous_step(current.code)))
    number, total = q.progress(current.code)
    context = _context(
        link,
        language,
        step=current,
        form=form,
        number=number,
        total=total,
        previous_url=_step_url(link, q.previous_step(current.code)) if q.previous_step(current.code) else None,
    )
    if current.kind == q.PAINKILLERS:
        context.update(painkiller_rows=_painkiller_rows(form), extra_rows=_extra_rows(form))
    return render(request, f"epro/step_{current.kind}.html", context)


#: The ``nav`` value of the script's save of an answer as it is chosen (questionnaire.js).
AUTOSAVE = "autosave"


def _autosave(request, link, current: q.Step, form, *, actor, today):
    """Save what the patient has chosen so far on this screen, with the screen's own validation;
    the link then resumes on this screen. 204 when every answer given was saved, 422 (nothing
    refused is saved) otherwise, 410 when the link closed meanwhile.

    A pain or QLQ-C30 answer is saved as soon as it is valid (a required answer not given yet
    is simply not saved); the painkillers screen, whose answers depend on one another, is
    saved only when the whole screen is valid."""
    valid = form.is_valid()
    if current.kind == q.PAINKILLERS:
        answers = _answers_of(current, form) if valid else {}
        refused = not valid
    else:
        answers = {f: form.cleaned_data[f] for f in current.items if f in form.cleaned_data}
        refused = any(f in form.errors and request.POST.get(f, "") != "" for f in current.items)
    if answers:
        try:
            draft_save(actor=actor, link=link, step=current.code, answers=answers, today=today, finished=False)
        except LinkClosedError:
            return HttpResponse(status=410)
    return HttpResponse(status=422 if refused else 204)


def _review_lines(link, answers: dict, language: str) -> dict:
    wording = questionnaire_wording(language)
    labels = questionnaire_response_labels(language)
    painkillers = answers.get(PAINKILLERS_KEY)
    groups = []
    for s in q.STEPS:
        if s.kind != "qlqc30":
            continue
        items = [
            (wording.get(item) or item[1:], answers.get(item), labels.get(item, {}).get(answers.get(item), ""))
            for item in s.items
        ]
        groups.append({"url": _step_url(link, s.code), "items": items})
    taking = []
    if painkillers is not None:
        rows = analgesic_rows(painkillers["previous"], painkillers["lines"], painkillers["extra"])
        taking = [painkiller_words(r) for r in rows]
        stopped = [
            painkiller_words(line)
            for line, answer in zip(painkillers["previous"], painkillers["lines"], strict=True)
            if answer.get("status") == "stopped"
        ]
    else:
        stopped = []
    return {
        "vas_worst": answers.get("vas_worst"),
        "vas_average": answers.get("vas_average"),
        "pain_url": _step_url(link, q.PAIN),
        "painkillers_answered": painkillers is not None,
        "painkillers_url": _step_url(link, q.PAINKILLERS),
        "taking": taking,
        "stopped": stopped,
        "groups": groups,
        "unanswered": sum(1 for g in groups for _, v, _words in g["items"] if v is None),
        "status_labels": STATUS_LABELS,
    }


def _review(request, link, *, actor, language, today):
    answers = draft_answers(link)
    review = _review_lines(link, answers, language)
    ready = review["vas_worst"] is not None and review["vas_average"] is not None and review["painkillers_answered"]
    errors = []
    if request.method == "POST" and ready:
        channel = cl.CHANNEL_IN_CLINIC if in_clinic(request, link) else cl.CHANNEL_LINK
        try:
            questionnaire_submit(actor=actor, link=link, channel=channel, today=today)
        except LinkClosedError as closed:
            return closed_page(request, str(closed.state), language=language)
        except ValidationError as error:
            errors = [m for messages in error.message_dict.values() for m in messages]
        else:
            if channel == cl.CHANNEL_IN_CLINIC:
                request.session.flush()  # the tablet keeps nothing of this patient
            done = _context(link, language, in_clinic=channel == cl.CHANNEL_IN_CLINIC)
            done["token"] = None  # the link is closed: no language switch on the last page
            return render(request, "epro/done.html", done)
    number, total = q.progress(q.REVIEW)
    return render(
        request,
        "epro/review.html",
        _context(
            link,
            language,
            step=q.get_step(q.REVIEW),
            number=number,
            total=total,
            ready=ready,
            errors=errors,
            previous_url=_step_url(link, q.previous_step(q.REVIEW)),
            **review,
        ),
    )


__all__ = ["IN_CLINIC_SESSION_KEY", "start", "step", "switch_language"]
