"""Texts of proactive messages (prompt, reminder, escalation), admin status and outbox."""

SV: dict[str, str] = {
    # the monthly prompt (plain card until the report feature's card is used)
    "sched.prompt.title": "Dags för månadsuppföljning – {period}",
    "sched.prompt.text": (
        "Hej {name}! Nu är det dags att följa upp {period} för {unit}. "
        "Sista dag för rapportering är {deadline}. Skriv **rapportera** för att börja."
    ),
    "sched.prompt.intro": "Nu kan du rapportera månadens resultat för din enhet.",
    "sched.fact.unit": "Enhet",
    "sched.fact.period": "Period",
    "sched.fact.deadline": "Sista dag",
    "sched.fact.status": "Läge",
    "sched.prompt.goals": "Mål att följa upp",
    "sched.prompt.goal_count": "{count} mål",
    "sched.prompt.button": "Rapportera",
    # reminders
    "sched.reminder.title": "Påminnelse: månadsuppföljning {period}",
    "sched.reminder.text": (
        "Påminnelse: uppföljningen av {period} för {unit} är inte inskickad än. "
        "Sista dag är {deadline}. Skriv **rapportera** för att fortsätta."
    ),
    "sched.reminder.intro": "Uppföljningen för din enhet är inte inskickad än.",
    "sched.reminder.draft": "Du har ett påbörjat utkast – glöm inte att skicka in det.",
    "sched.reminder.none": "Ingen rapport är påbörjad.",
    "sched.reminder.only_anmalan": (
        "Alla mål är ifyllda – det som saknas är anmälan av delegationsbeslut: anmäl "
        "periodens beslut eller bekräfta ”inga beslut”, och skicka sedan in."),
    # escalation to the leader
    "sched.escalation.title": "Försenade månadsrapporter – {period}",
    "sched.escalation.text": (
        "Hej {name}! Sista dag för uppföljningen av {period} var {deadline}. "
        "{count} enheter i din del av organisationen har inte skickat in:"
    ),
    "sched.escalation.line": "- {unit} ({manager}): {status}",
    "sched.escalation.footer": "Skriv **sammanställning** för att se hela läget.",
    "sched.no_manager": "ingen chef",
    # report states
    "sched.state.submitted": "inrapporterad",
    "sched.state.draft": "utkast",
    "sched.state.not_started": "ej påbörjad",
    # admin status in Teams
    "status.no_period": "Ingen rapporteringsperiod är öppen just nu. {period} öppnar {opens}.",
    "status.bad_period": "{error}",
    "status.unknown_period": "Perioden {period} finns inte ännu.",
    "status.title": "**Rapporteringsläge {period}** – sista dag {deadline}",
    "status.totals": (
        "{total} enheter med mål: {submitted} inrapporterade, {draft} utkast, "
        "{not_started} ej påbörjade."
    ),
    "status.group.submitted": "**Inrapporterade ({count})**",
    "status.group.draft": "**Utkast ({count})**",
    "status.group.not_started": "**Ej påbörjade ({count})**",
    "status.unit_line": "- {unit} – {manager}",
    "status.unit_line_late": "- {unit} – {manager} (sen)",
    "status.more": "… och {count} till.",
    "status.outbox": (
        "Utskick: {pending} väntar, {sent} skickade, {failed} misslyckade, "
        "{unreachable} går inte att nå."
    ),
    "status.no_units": "Inga enheter har mål för perioden.",
    # admin command line
    "cli.outbox.title": "Utkorgen{filters}",
    "cli.outbox.counts": (
        "väntar {pending} · skickas {sending} · skickade {sent} · misslyckade {failed} · "
        "utgångna {expired} · går inte att nå {unreachable} · hoppade över {skipped}"
    ),
    "cli.outbox.legend": (
        "misslyckade = gav upp efter fel (begränsat antal försök; 429 räknas inte) · "
        "utgångna = hann inte skickas innan meddelandets tid gick ut"
    ),
    "cli.outbox.none": "Inga meddelanden matchar.",
    "cli.outbox.requeued": "{count} meddelanden är tillbaka i kön.",
    "cli.run.planned": (
        "{job} {period}: {count} meddelanden skulle köas (torrkörning, inget sparat)."
    ),
    "cli.run.queued": "{job} {period}: {queued} nya meddelanden i kön, {existing} fanns redan.",
    "cli.run.nothing": "{job}: {reason}",
    "cli.run.orphans": "Enheter utan chef (ingen får meddelandet): {units}",
    "cli.run.stood_in": "Enheter utan chef (närmaste chef får meddelandet): {units}",
    "cli.run.hint": "Den körande boten skickar meddelandena (kl. {start}–{end} på arbetsdagar).",
    "cli.run.hint_now": "Den körande boten skickar meddelandena nu (--now, lokalt läge).",
    "cli.run.now_local_only": (
        "--now finns bara i lokalt läge (utan Microsoft-inloggning, t.ex. i Agents "
        "Playground); i drift skickas meddelanden bara inom tiderna för utskick."
    ),
    # reasons a job does nothing
    "job.no_open_period": "ingen period är öppen just nu",
    "job.not_open_yet": "perioden {period} öppnar först {opens}",
    "job.closed": "perioden {period} är stängd sedan {closes}",
    "job.deadline_passed": "sista dag för {period} har passerat – använd escalate",
    "job.deadline_not_passed": "sista dag för {period} ({deadline}) har inte passerat än",
    "job.no_reminders": "inga påminnelser är inställda (REPORT_REMINDER_WORKDAYS)",
    "job.not_due": "inget är att skicka just nu för {period}",
}

EN: dict[str, str] = {
    "sched.prompt.title": "Time for the monthly follow-up – {period}",
    "sched.prompt.text": (
        "Hi {name}! It is time to follow up {period} for {unit}. "
        "The deadline is {deadline}. Type **report** to start."
    ),
    "sched.prompt.intro": "You can now report this month's results for your unit.",
    "sched.fact.unit": "Unit",
    "sched.fact.period": "Period",
    "sched.fact.deadline": "Deadline",
    "sched.fact.status": "State",
    "sched.prompt.goals": "Goals to follow up",
    "sched.prompt.goal_count": "{count} goals",
    "sched.prompt.button": "Report",
    "sched.reminder.title": "Reminder: monthly follow-up {period}",
    "sched.reminder.text": (
        "Reminder: the follow-up of {period} for {unit} has not been submitted yet. "
        "The deadline is {deadline}. Type **report** to continue."
    ),
    "sched.reminder.intro": "Your unit's follow-up has not been submitted yet.",
    "sched.reminder.draft": "You have a draft – remember to submit it.",
    "sched.reminder.none": "No report has been started.",
    "sched.reminder.only_anmalan": (
        "Every goal is filled in – what is missing is the report of delegated decisions: "
        "report the period's decisions or confirm “no decisions”, then submit."),
    "sched.escalation.title": "Late monthly reports – {period}",
    "sched.escalation.text": (
        "Hi {name}! The deadline for the follow-up of {period} was {deadline}. "
        "{count} units in your part of the organisation have not submitted:"
    ),
    "sched.escalation.line": "- {unit} ({manager}): {status}",
    "sched.escalation.footer": "Type **summary** to see the whole picture.",
    "sched.no_manager": "no manager",
    "sched.state.submitted": "submitted",
    "sched.state.draft": "draft",
    "sched.state.not_started": "not started",
    "status.no_period": "No reporting period is open right now. {period} opens {opens}.",
    "status.bad_period": "{error}",
    "status.unknown_period": "The period {period} does not exist yet.",
    "status.title": "**Reporting status {period}** – deadline {deadline}",
    "status.totals": (
        "{total} units with goals: {submitted} submitted, {draft} drafts, "
        "{not_started} not started."
    ),
    "status.group.submitted": "**Submitted ({count})**",
    "status.group.draft": "**Drafts ({count})**",
    "status.group.not_started": "**Not started ({count})**",
    "status.unit_line": "- {unit} – {manager}",
    "status.unit_line_late": "- {unit} – {manager} (late)",
    "status.more": "… and {count} more.",
    "status.outbox": (
        "Messages: {pending} waiting, {sent} sent, {failed} failed, {unreachable} unreachable."
    ),
    "status.no_units": "No units have goals for the period.",
    "cli.outbox.title": "The outbox{filters}",
    "cli.outbox.counts": (
        "pending {pending} · sending {sending} · sent {sent} · failed {failed} · "
        "expired {expired} · unreachable {unreachable} · skipped {skipped}"
    ),
    "cli.outbox.legend": (
        "failed = gave up after errors (bounded attempts; a 429 does not count) · "
        "expired = could not be sent before the message's time ran out"
    ),
    "cli.outbox.none": "No messages match.",
    "cli.outbox.requeued": "{count} messages are back in the queue.",
    "cli.run.planned": "{job} {period}: {count} messages would be queued (dry run, nothing saved).",
    "cli.run.queued": "{job} {period}: {queued} new messages queued, {existing} existed already.",
    "cli.run.nothing": "{job}: {reason}",
    "cli.run.orphans": "Units without a manager (nobody gets the message): {units}",
    "cli.run.stood_in": "Units without a manager (the nearest manager above gets the "
                        "message): {units}",
    "cli.run.hint": "The running bot sends the messages ({start}–{end} on working days).",
    "cli.run.hint_now": "The running bot sends the messages now (--now, local mode).",
    "cli.run.now_local_only": (
        "--now works only in local mode (no Microsoft credentials, e.g. the Agents "
        "Playground); in production messages go out only inside the send window."
    ),
    "job.no_open_period": "no period is open right now",
    "job.not_open_yet": "the period {period} opens only {opens}",
    "job.closed": "the period {period} closed {closes}",
    "job.deadline_passed": "the deadline for {period} has passed – use escalate",
    "job.deadline_not_passed": "the deadline for {period} ({deadline}) has not passed yet",
    "job.no_reminders": "no reminders are configured (REPORT_REMINDER_WORKDAYS)",
    "job.not_due": "nothing is due right now for {period}",
}
