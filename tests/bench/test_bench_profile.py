"""The pure parts of bench/profile_chat.py: reading py-spy's collapsed stacks and sharing them out."""

from bench import profile_chat

RAW = (
    'process 7:"python -m bot.run_rasa";handle_message (/v/lib/python3.10/site-packages/rasa/core/processor.py:10);'
    "_run_custom_action (/v/lib/python3.10/site-packages/rasa/core/actions/action.py:1110);"
    "_validate_action_result (/v/lib/python3.10/site-packages/rasa/core/actions/action.py:704) 3\n"
    'process 7:"python -m bot.run_rasa";handle_message (/v/lib/python3.10/site-packages/rasa/core/processor.py:10);'
    "save (/v/lib/python3.10/site-packages/rasa/core/tracker_store.py:900) 1\n"
)


def test_frames_lose_line_numbers_and_the_path_before_the_package(tmp_path):
    raw = tmp_path / "raw.txt"
    raw.write_text(RAW, encoding="utf-8")
    (frames, count), _ = profile_chat.read_stacks(raw)
    assert count == 3
    assert frames[1:] == [
        "handle_message (rasa/core/processor.py)",
        "_run_custom_action (rasa/core/actions/action.py)",
        "_validate_action_result (rasa/core/actions/action.py)",
    ]


def test_parts_are_shares_of_the_samples(tmp_path):
    raw = tmp_path / "raw.txt"
    raw.write_text(RAW, encoding="utf-8")
    meta = {
        "run_at": "now",
        "label_title": "",
        "conversations": 1,
        "concurrency": 1,
        "requests": 6,
        "seconds": 1,
        "requests_per_second": 6,
        "p50_ms": 1,
        "p95_ms": 1,
        "errors": 0,
        "python": "python",
        "project_dir": ".",
        "model": "m",
        "rss_mib": 1,
        "machine": {"cores": 2, "load_average_1min": 0},
    }
    report = profile_chat.markdown(profile_chat.read_stacks(raw), meta)
    assert "| jsonschema validation of action results | 75.0 % |" in report
    assert "| tracker store: save | 25.0 % |" in report
    assert "| 75.0 % | `_validate_action_result (rasa/core/actions/action.py)` |" in report
    assert "process 7" not in report
