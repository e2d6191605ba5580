"""The seed data benchmarks/pretalx_site.py loads into pretalx: a small community conference, Harbour Conf 2027,
with its call for papers open, proposals already in, and one organiser who also speaks. Every page,
form and script is pretalx's; only this seed (and the environment variables in pretalx_site.py) are ours."""

from __future__ import annotations

EVENT = "harbour27"
# The organiser signs in by e-mail address; tasks name the secrets username / password.
USERNAME = "dana.reyes@harbourconf.example"
PASSWORD = "Blue-Heron-7314"
# The proposals already in: (speaker name, e-mail, title, track, type, abstract, state).
PROPOSALS = [
    ("Marta Kowalski", "marta.kowalski@example.org", "Streaming pipelines without the pain", "Data & AI", "Talk",
     "What we learned moving nightly batch jobs to a streaming pipeline.", "submitted"),
    ("Tom Becker", "tom.becker@example.org", "Accessible forms in practice", "Web & Frontend", "Talk",
     "Labels, errors and focus: making forms work for everyone.", "submitted"),
    ("Ines Duarte", "ines.duarte@example.org", "Zero-downtime Postgres upgrades", "Infrastructure", "Talk",
     "Upgrading a 4 TB Postgres cluster across major versions without an outage.", "submitted"),
    ("Omar Haddad", "omar.haddad@example.org", "Hands-on: building a vector search", "Data & AI", "Workshop",
     "Bring a laptop: we build a small semantic search from scratch.", "submitted"),
    ("Julia Santos", "julia.santos@example.org", "CSS container queries deep dive", "Web & Frontend", "Talk",
     "Components that adapt to their container, not the viewport.", "submitted"),
    ("Ken Mori", "ken.mori@example.org", "Observability on a budget", "Infrastructure", "Talk",
     "Metrics, logs and traces for a small team with no money.", "submitted"),
    ("Anna Lind", "anna.lind@example.org", "Type hints at scale", "Web & Frontend", "Talk",
     "Adding types to a 300k-line codebase one module at a time.", "accepted"),
    ("Dana Reyes", USERNAME, "Lessons from ten years of open data", "Data & AI", "Talk",
     "What a city's open data portal taught us about publishing data.", "submitted"),
    ("Dana Reyes", USERNAME, "Mentoring first-time speakers", "Web & Frontend", "Talk",
     "How our mentoring programme helps new speakers write their first proposal.", "submitted"),
]  # fmt: skip

# An organiser's comment on one proposal (a task looks it up).
COMMENT = "Marta gave an earlier version at PyCon Lisbon; ask her for the slides before we decide."

SEED = f"""
import datetime as dt
from django.utils.timezone import now
from django_scopes import scope, scopes_disabled
from pretalx.event.models import Event, Organiser, Team
from pretalx.person.models import SpeakerProfile, User
from pretalx.schedule.models import Room
from pretalx.submission.models import (Answer, AnswerOption, Question, Review, ReviewScore, Submission,
                                       SubmissionComment, SubmissionType,
                                       Track)
COMMENT = {COMMENT!r}
with scopes_disabled():
    dana = User.objects.create_user(password={PASSWORD!r}, name="Dana Reyes", email={USERNAME!r}, locale="en",
                                    timezone="Europe/Lisbon")
    organiser = Organiser.objects.create(name="Harbour Community e.V.", slug="harbour")
    team = Team.objects.create(organiser=organiser, name="Harbour Conf organisers", all_events=True,
                               can_create_events=True, can_change_teams=True, can_change_organiser_settings=True,
                               can_change_event_settings=True, can_change_submissions=True)
    team.members.add(dana)
    reviewers = Team.objects.create(organiser=organiser, name="Programme committee", all_events=True,
                                    is_reviewer=True)
    reviewers.members.add(dana)
    start = (now() + dt.timedelta(days=120)).date()
    event = Event.objects.create(name="Harbour Conf 2027", slug={EVENT!r}, organiser=organiser, is_public=True,
                                 date_from=start, date_to=start + dt.timedelta(days=1), timezone="Europe/Lisbon",
                                 email="programme@harbourconf.example", locale_array="en", locale="en",
                                 landing_page_text="# Harbour Conf 2027\\n\\nTwo days of talks and workshops on "
                                                   "data, the web and infrastructure, by the harbour in Lisbon.")
with scope(event=event):
    event.build_initial_data()
    event.cfp.headline = "Our call for papers is open!"
    event.cfp.text = ("We welcome talks (30 minutes) and workshops (90 minutes) on data & AI, the web and "
                      "infrastructure. First-time speakers are very welcome.")
    event.cfp.deadline = now() + dt.timedelta(days=30)
    fields = event.cfp.fields
    fields["track"]["visibility"] = "required"
    event.cfp.fields = fields
    event.cfp.save()
    talk = event.cfp.default_type
    talk.name = "Talk"
    talk.default_duration = 30
    talk.save()
    workshop = SubmissionType.objects.create(event=event, name="Workshop", default_duration=90)
    tracks = {{}}
    for name, color, text in [("Data & AI", "#1f77b4", "Pipelines, analytics and machine learning."),
                              ("Web & Frontend", "#2ca02c", "Browsers, design systems and accessibility."),
                              ("Infrastructure", "#d62728", "Databases, operations and the cloud.")]:
        tracks[name] = Track.objects.create(event=event, name=name, color=color, description=text)
    Room.objects.create(event=event, name="Main Hall", capacity=400, position=0)
    Room.objects.create(event=event, name="Room 2.14", capacity=60, position=1)
    conduct = Question.objects.create(event=event, target="submission", variant="boolean",
                            question_required="required", question="I have read and agree to the Harbour Conf code of conduct", position=1)
    seats = Question.objects.create(event=event, target="submission", variant="number",
                                    question_required="required", position=2,
                                    question="Maximum number of participants (workshops only)")
    seats.submission_types.add(workshop)
    shirt = Question.objects.create(event=event, target="speaker", variant="choices", question_required="optional",
                                    question="T-shirt size", position=3)
    for size in ["S", "M", "L", "XL"]:
        AnswerOption.objects.create(question=shirt, answer=size)
    phase = event.review_phases.order_by("position").first()
    phase.start = now() - dt.timedelta(days=10)
    phase.is_active = True
    phase.save()
    event.review_phases.exclude(pk=phase.pk).update(is_active=False)
    event.save()
    people = {{dana.email: dana}}
    reviewer = User.objects.create_user(password="Reviewer-Only-Pass-1", name="Leo Brandt",
                                        email="leo.brandt@harbourconf.example", locale="en")
    reviewers.members.add(reviewer)
    yes = ReviewScore.objects.get(category__event=event, value=2)
    for i, (name, email, title, track, kind, abstract, state) in enumerate({PROPOSALS!r}):
        if email not in people:
            people[email] = User.objects.create_user(password="Speaker-Only-Pass-1", name=name, email=email,
                                                     locale="en")
        user = people[email]
        SpeakerProfile.objects.get_or_create(user=user, event=event, defaults={{
            "biography": name.split()[0] + " has spoken at several community conferences."}})
        sub = Submission.objects.create(event=event, title=title, track=tracks[track], abstract=abstract,
                                        submission_type=talk if kind == "Talk" else workshop,
                                        content_locale="en", description="")
        sub.speakers.add(user)
        Answer.objects.create(question=conduct, submission=sub, answer="True")
        if kind == "Workshop":
            Answer.objects.create(question=seats, submission=sub, answer="30")
        if state == "accepted":
            sub.accept()
        if i % 3 == 0 and email != dana.email:
            review = Review.objects.create(submission=sub, user=reviewer, text="Clear abstract, relevant topic.",
                                           score=2)
            review.scores.add(yes)
        if title == "Streaming pipelines without the pain":
            SubmissionComment.objects.create(submission=sub, user=reviewer, text=COMMENT)
"""
