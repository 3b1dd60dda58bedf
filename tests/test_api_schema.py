"""Schemathesis against /openapi.json: generated requests to every API operation get no 5xx.

Driven through Hypothesis directly (schemathesis' lazy pytest fixture does not run on this pytest),
with valid (positive) and invalid (negative) data for every operation.
"""

from __future__ import annotations

import pytest
import schemathesis
from hypothesis import HealthCheck, given, settings
from hypothesis.errors import Unsatisfiable
from schemathesis import GenerationMode
from schemathesis.specs.openapi.checks import ignored_auth, negative_data_rejection, status_code_conformance

from newsdesk.desk import Desk
from newsdesk.web import create_app

EXAMPLES_PER_OPERATION = 20


@pytest.fixture(scope="module")
def api_schema(sample_db: str):
    desk = Desk(sample_db)
    # A token is set so the ingest operation is reachable; requests without it must be refused (401).
    app = create_app(desk, token="schemathesis-sends-no-token")
    yield schemathesis.openapi.from_asgi("/openapi.json", app)
    desk.close()


def test_openapi_schema_is_valid_and_names_every_operation(api_schema):
    labels = {op.ok().label for op in api_schema.get_all_operations()}
    assert "GET /api/search" in labels and "POST /api/ingest" in labels


@pytest.mark.slow
@pytest.mark.parametrize("mode", [GenerationMode.POSITIVE, GenerationMode.NEGATIVE])
def test_generated_requests_get_no_server_errors(api_schema, mode):
    failures: list[str] = []
    for result in api_schema.get_all_operations():
        operation = result.ok()
        try:
            _fuzz(operation, mode)()
        except Unsatisfiable:
            continue  # no parameters to make invalid (GET /api/stats, negative mode)
        except Exception as exc:  # collect every operation's failure, then report them together
            failures.append(f"{operation.label}: {exc}"[:2000])
    assert not failures, "\n\n".join(failures)


def _fuzz(operation, mode: GenerationMode):
    """A Hypothesis test of one operation: each generated request is sent to the app and checked."""

    @given(case=operation.as_strategy(generation_mode=mode))
    @settings(max_examples=EXAMPLES_PER_OPERATION, deadline=None, database=None,
              suppress_health_check=list(HealthCheck))
    def run(case) -> None:
        response = case.call()
        assert response.status_code < 500, (
            f"{response.status_code} for {case.path_parameters} {case.query} {case.body!r}")
        # Documented status codes only, invalid data refused, and no write without the token.
        case.validate_response(response, checks=[status_code_conformance, negative_data_rejection, ignored_auth])

    return run
