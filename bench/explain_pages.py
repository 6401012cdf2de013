"""EXPLAIN ANALYZE of every query every list page makes, on the generated city (PostgreSQL):
for each page the number of queries, the slowest query's time, and any sequential scan of
a table with more than ``--large`` rows — the sign of a filter without its index.

    DATABASE_URL=postgres://postgres@127.0.0.1:5432/zc_bench .venv/bin/python bench/explain_pages.py [--show-plans] [--repeat 12]

Pages are requested in-process (Django's test client), with the same accounts and the same
filters as bench/bench_pages.py, plus each filter of the queues on its own.  With
``--repeat N`` each page is requested N more times and the least CPU time of one request
(this process's, so the database's own time is not in it) is reported beside the empty
logged-in page's: on a shared machine the least is the figure that moves least with the load.
"""

from __future__ import annotations

import argparse
import json
import re
import sys
import time
import urllib.parse
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))

from bench_pages import BASELINE, accounts, pages  # noqa: E402  (sets Django up)

from django.db import connection  # noqa: E402
from django.test import Client  # noqa: E402
from django.test.utils import CaptureQueriesContext  # noqa: E402

from zhicheng.catalog.models import Specialty  # noqa: E402


def filtered_pages():
    """Each queue filter on its own, so that each one's plan is seen."""
    specialty = Specialty.objects.order_by("pk").first()
    queues = [("employer", "/unit/applications/"), ("committee", "/committee/applications/")]
    filters = [{"state": "submitted"}, {"state": "committee_review"}, {"name": "王"}, {"unit": "水利"}, {"series": "engineering"},
               {"specialty": specialty.pk}, {"year": 2026}, {"sort": "name"}, {"sort": "submitted"}]
    rows = [(role, f"{path} {query}", f"{path}?{urllib.parse.urlencode(query)}") for role, path in queues for query in filters]
    rows += [("bureau", "/bureau/certificates/ 姓名", "/bureau/certificates/?" + urllib.parse.urlencode({"name": "王"})),
             ("bureau", "/bureau/ 单位名称", "/bureau/?" + urllib.parse.urlencode({"units_name": "水利"}))]
    return rows


def main():
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--large", type=int, default=5_000, help="rows above which a sequential scan is reported")
    parser.add_argument("--show-plans", action="store_true")
    parser.add_argument("--repeat", type=int, default=0, help="requests more of each page, for its CPU time")
    arguments = parser.parse_args()
    if connection.vendor != "postgresql":
        sys.exit("EXPLAIN here is PostgreSQL's: set DATABASE_URL to the bench database")
    with connection.cursor() as cursor:
        cursor.execute("SELECT relname, reltuples::bigint FROM pg_class WHERE relkind = 'r'")
        sizes = dict(cursor.fetchall())
    people = accounts()
    clients = {}
    for role, user in people.items():
        clients[role] = Client()
        clients[role].force_login(user)
    clients["public"] = Client()
    report = []

    def least_cpu_ms(client, path) -> float | None:
        if not arguments.repeat:
            return None
        times = []
        for _ in range(arguments.repeat):
            started = time.process_time()
            client.get(path)
            times.append(time.process_time() - started)
        return min(times) * 1000

    baseline = least_cpu_ms(clients["applicant"], BASELINE)
    if baseline is not None:
        print(f"the empty logged-in page {BASELINE}: {baseline:.1f} ms CPU (least of {arguments.repeat})")
    for role, label, path in [*pages(people), *filtered_pages()]:
        with CaptureQueriesContext(connection) as captured:
            status = clients[role].get(path).status_code
        queries = captured.captured_queries  # now: the next request empties the connection's log
        slowest, scans = 0.0, set()
        for query in queries:
            sql = query["sql"]
            if not sql.lstrip().upper().startswith("SELECT"):
                continue
            with connection.cursor() as cursor:
                cursor.execute("EXPLAIN (ANALYZE, FORMAT JSON) " + sql)
                plan = cursor.fetchone()[0]
            plan = plan[0] if isinstance(plan, list) else json.loads(plan)[0]
            slowest = max(slowest, plan["Execution Time"])
            text = json.dumps(plan)
            for table in re.findall(r'"Node Type": "Seq Scan", [^}]*?"Relation Name": "(\w+)"', text):
                if sizes.get(table, 0) > arguments.large:
                    scans.add(f"{table} ({sizes[table]:,} rows)")
            if arguments.show_plans and plan["Execution Time"] > 5:
                with connection.cursor() as cursor:
                    cursor.execute("EXPLAIN ANALYZE " + sql)
                    print(f"-- {label}\n{sql}\n" + "\n".join(row[0] for row in cursor.fetchall()) + "\n")
        cpu = least_cpu_ms(clients[role], path)
        report.append((role, label, status, len(queries), slowest, "—" if cpu is None else f"{cpu:.1f}", sorted(scans)))
    print(f"{'role':<10}{'page':<48}{'HTTP':>5}{'queries':>8}{'slowest ms':>11}{'CPU ms':>8}  sequential scans of large tables")
    for role, label, status, count, slowest, cpu, scans in report:
        print(f"{role:<10}{label:<48}{status:>5}{count:>8}{slowest:>11.1f}{cpu:>8}  {', '.join(scans) or '—'}")


if __name__ == "__main__":
    main()
