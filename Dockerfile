# bangwo: one image for the HTTP service (`bangwo serve`), the card-claim journal writer (`bangwo journal`)
# and operator commands (`bangwo db upgrade`, `bangwo backup`, ...). See docs/operations.md.
FROM python:3.11-slim-bookworm

# pg_dump/pg_restore for `bangwo backup`/`bangwo restore` (client 15: use a PostgreSQL 15 server, or newer client)
RUN apt-get update \
 && apt-get install -y --no-install-recommends postgresql-client \
 && rm -rf /var/lib/apt/lists/*

ENV PYTHONDONTWRITEBYTECODE=1 PYTHONUNBUFFERED=1 PIP_NO_CACHE_DIR=1 \
    BANGWO_DATA_DIR=/var/lib/bangwo PROMETHEUS_MULTIPROC_DIR=/tmp/bangwo-metrics

WORKDIR /opt/bangwo
COPY pyproject.toml README.md ./
COPY bangwo ./bangwo
RUN pip install . \
 && useradd --system --home-dir /var/lib/bangwo --create-home --uid 10001 bangwo

USER bangwo
VOLUME ["/var/lib/bangwo"]
EXPOSE 8000
HEALTHCHECK --interval=10s --timeout=3s --start-period=60s --retries=3 \
  CMD python -c "import urllib.request,sys; sys.exit(urllib.request.urlopen('http://127.0.0.1:8000/healthz', timeout=2).status != 200)"
ENTRYPOINT ["bangwo"]
CMD ["serve", "--host", "0.0.0.0", "--port", "8000"]
