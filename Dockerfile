# syntax=docker/dockerfile:1
# Rounds: a slim image of the production install (no dev tools), run as a non-root user.
#   docker build -t rounds .                       # Slack only
#   docker build -t rounds --build-arg EXTRAS="--extra teams" .
# Settings come from the environment (see .env.example); compose.yaml runs two replicas on
# PostgreSQL.

FROM python:3.11-slim-bookworm AS build
COPY --from=ghcr.io/astral-sh/uv:0.13.9 /uv /usr/local/bin/uv
ENV UV_COMPILE_BYTECODE=1 UV_LINK_MODE=copy UV_PYTHON_DOWNLOADS=never UV_PROJECT_ENVIRONMENT=/app/.venv
ARG EXTRAS=""
WORKDIR /src
# Dependencies first, so a code change rebuilds only the last layer.
COPY pyproject.toml uv.lock README.md ./
RUN uv sync --no-dev --frozen --no-install-project $EXTRAS
COPY manifest.yml ./
COPY bot ./bot
COPY handlers ./handlers
COPY storage ./storage
COPY devtools ./devtools
RUN uv sync --no-dev --frozen --no-editable $EXTRAS

FROM python:3.11-slim-bookworm
RUN useradd --system --uid 10001 --user-group --home-dir /data --create-home rounds
COPY --from=build /app/.venv /app/.venv
ENV PATH=/app/.venv/bin:$PATH \
    PYTHONUNBUFFERED=1 \
    PORT=3000 \
    DATABASE_URL=sqlite:////data/rounds.db
USER rounds
WORKDIR /data
VOLUME /data
# HTTP mode serves Slack here; Socket Mode serves /healthz, /readyz and /metrics here too.
EXPOSE 3000
HEALTHCHECK --interval=30s --timeout=5s --start-period=30s --retries=3 \
    CMD ["python", "-c", "import os, urllib.request; urllib.request.urlopen('http://127.0.0.1:%s/healthz' % os.environ.get('PORT', '3000'), timeout=4)"]
ENTRYPOINT ["rounds"]
CMD ["serve"]
