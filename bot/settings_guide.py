"""Where a person finds the value of each setting: told when it is missing or wrong."""

WHERE_TO_FIND = {
    "SLACK_BOT_TOKEN": (
        "the Bot User OAuth Token, which starts with xoxb-. In your app's settings at "
        "https://api.slack.com/apps open OAuth & Permissions, install the app to your "
        "workspace, and copy the token shown there."
    ),
    "SLACK_SIGNING_SECRET": (
        "the Signing Secret Slack uses to sign every request. In your app's settings at "
        "https://api.slack.com/apps open Basic Information > App Credentials and copy "
        "Signing Secret."
    ),
    "SLACK_APP_TOKEN": (
        "the App-Level Token for Socket Mode, which starts with xapp-. In Basic Information > "
        "App-Level Tokens, generate a token with the connections:write scope. Leave it unset "
        "to serve over HTTP instead."
    ),
    "SLACK_CLIENT_ID": (
        "the Client ID of your Slack app, for installing Rounds in several workspaces (or an "
        "Enterprise Grid organization) through /slack/install. In your app's settings at "
        "https://api.slack.com/apps open Basic Information > App Credentials and copy Client "
        "ID. Leave it unset to run in one workspace with SLACK_BOT_TOKEN."
    ),
    "SLACK_CLIENT_SECRET": (
        "the Client Secret shown beside the Client ID in Basic Information > App Credentials; "
        "needed with SLACK_CLIENT_ID."
    ),
    "SLACK_SCOPES": (
        "the bot scopes asked for when a workspace installs Rounds, comma-separated; leave it "
        "unset for those the app manifest lists."
    ),
    "SLACK_API_URL": (
        "the base URL of the Slack Web API, ending in /api/. Leave it unset for "
        "https://slack.com/api/; GovSlack workspaces use https://slack-gov.com/api/."
    ),
    "DATABASE_URL": (
        "a SQLAlchemy database URL, such as sqlite:///rounds.db (the default) or "
        "postgresql+psycopg://user:password@host:5432/rounds."
    ),
    "ORGANIZERS": (
        "a comma-separated list of Slack user ids allowed to run organizer commands, such as "
        "U012ABCDEF,U034GHIJKL. A person's id is under their profile's ⋮ menu > Copy member ID. "
        "In Microsoft Teams use Microsoft Entra object ids (Azure portal > Microsoft Entra ID > "
        "Users > the person > Object ID). With several workspaces (SLACK_CLIENT_ID set) put "
        "each person's workspace id and a colon first, such as T012ABCDEF:U012ABCDEF; the "
        "workspace id is in Slack's address in a browser, app.slack.com/client/T012ABCDEF/."
    ),
    "DEFAULT_TIMEZONE": "an IANA time zone name such as America/New_York or Europe/London.",
    "LOG_LEVEL": "one of DEBUG, INFO, WARNING, ERROR.",
    "PORT": (
        "the TCP port, a number from 1 to 65535, for Slack's requests in HTTP mode and for "
        "/healthz, /readyz and /metrics in both modes."
    ),
    "PUBLIC_URL": (
        "the https address Slack and browsers reach Rounds at, such as "
        "https://rounds.example.org: `rounds manifest` fills the request URLs from it, and "
        "speed-mentoring room boards and check-in use it for their links and QR codes. Unset, "
        "pages use http://localhost:PORT (enough for a projector on the same laptop)."
    ),
    "REMIND_AFTER_HOURS": "hours before a mentor who has not answered a request is reminded.",
    "PASS_ON_AFTER_HOURS": (
        "hours before an unanswered request passes to the next mentor; keep it longer than "
        "REMIND_AFTER_HOURS."
    ),
    "OPENAI_API_KEY": (
        "an optional OpenAI API key: when set, matching also compares meanings with embeddings, "
        "and falls back to text matching on any error."
    ),
    "OPENAI_BASE_URL": "an optional base URL for an OpenAI-compatible embeddings API.",
    "SCHEDULER_POLL_SECONDS": (
        "how often, in seconds (up to 60), a replica checks for new scheduled work and whether "
        "it should take over scheduling from a replica that stopped."
    ),
    "HTTP_THREADS": (
        "how many threads (1 to 64, default 8) of the HTTP server read and ack requests."
    ),
    "LISTENER_THREADS": (
        "how many listeners (1 to 64, default 8) do their slow work after the ack at once; "
        "the others wait their turn, and new requests are acked meanwhile."
    ),
    "COMPUTE_PROCESSES": (
        "how many worker processes (0 to 16, default 1) compute cohort drafts and program "
        "reports, so acks never wait for them; 0 computes them in the app's own process."
    ),
    "SCHEDULER_TIMED_THREADS": (
        "how many threads (1 to 32, default 2) run timed steps: speed-mentoring round changes "
        "and mentor reminders, never queued behind bulk prompts."
    ),
    "SCHEDULER_BULK_THREADS": (
        "how many threads (1 to 32, default 4) run bulk scheduled work: check-in prompts, "
        "coffee rounds, sweeps."
    ),
    "OUTBOX_THREADS": (
        "how many messages (1 to 64, default 8) the outbox hands to the platform at once when "
        "a change owes many people a message (a round's seats, a coffee round's introductions)."
    ),
    "SHOUTOUT_CHANNEL": (
        "the id of a channel (such as C012ABCDEF) where Rounds thanks, once a month, the "
        "mentors who opted in to a public shout-out; invite the Rounds app to it. In Slack, open "
        "the channel's details: the id is at the bottom. Leave it unset for no shout-outs. "
        "With several workspaces (SLACK_CLIENT_ID set) give one channel per workspace, each "
        "after its workspace id and a colon: T012ABCDEF:C012ABCDEF,T034GHIJKL:C034GHIJKL."
    ),
    "FREE_TEXT_RETENTION_MONTHS": (
        "how many months to keep free-text answers (feedback comments, finished goals, closed "
        "requests' goals, decline reasons) before blanking them; 0 keeps them."
    ),
    "QUIET_HOURS_START": (
        "the local time, as HH:MM in 24-hour form (default 20:00), from which Rounds sends "
        "no direct messages; each person's own Slack time zone is used."
    ),
    "QUIET_HOURS_END": (
        "the local time, as HH:MM in 24-hour form (default 08:00), when Rounds may send direct "
        "messages again; a prompt due during quiet hours waits until then."
    ),
    "QUIET_WEEKENDS": (
        "true or false (default false): whether Saturdays and Sundays are quiet too, so "
        "prompts due then wait for Monday morning."
    ),
    "DID_YOU_MEET_AFTER_DAYS": (
        "how many days (1 to 30, default 4) after an introduction Rounds asks both people "
        "whether they met."
    ),
    "CALENDAR_FEED_TIMEOUT_SECONDS": (
        "seconds (up to 60, default 10) Rounds waits for a calendar feed (ICS) to answer; a "
        "feed that takes longer is shown as not read on the profile and booking goes on."
    ),
    "COFFEE_SEED": (
        "a number that makes coffee groups and conversation starters repeatable (the same "
        "round of the same program always pairs alike); leave it unset for fresh chance."
    ),
    "ROTATION_SEARCH_SECONDS": (
        "CPU seconds (0 to 60, default 1) the speed-mentoring planner may spend on each "
        "plan, preview or day-of repair searching the whole schedule for fewer repeated "
        "pairs, then more preferred topics; 0 skips that search."
    ),
    "PLATFORM": (
        "where Rounds runs: slack (the default) or teams. `rounds serve --platform teams` "
        "sets it for one run."
    ),
    "TEAMS_APP_ID": (
        "the Microsoft App ID of your bot, a GUID. In the Azure portal open your Azure Bot "
        "resource > Configuration and copy Microsoft App ID (it is also the Application "
        "(client) ID of the app registration in Microsoft Entra ID > App registrations)."
    ),
    "TEAMS_APP_PASSWORD": (
        "a client secret of the bot's app registration. In the Azure portal open Microsoft "
        "Entra ID > App registrations > your bot > Certificates & secrets > New client secret, "
        "and copy its Value (shown only once)."
    ),
    "TEAMS_TENANT_ID": (
        "your Microsoft 365 tenant id, a GUID. In the Azure portal open Microsoft Entra ID > "
        "Overview and copy Tenant ID (the app registration's Overview shows it as Directory "
        "(tenant) ID)."
    ),
    # --- operations: log format and the public address --------------------------------
    "LOG_FORMAT": (
        "text (the default, one readable line per record) or json (one JSON object per line, "
        "for a log collector); neither ever holds tokens or what people wrote."
    ),
}
