"""The chat page (api/templates/chat.html + api/static/chat.js) as the browser tests use it: type or
click, then wait for the assistant's whole turn."""
from __future__ import annotations

from playwright.sync_api import Error as PlaywrightError
from playwright.sync_api import Page, expect

BOT_TIMEOUT_MS = 60_000  # the assistant's first answer loads the model's pipeline: slow


class ChatPage:
    def __init__(self, page: Page):
        self.page = page
        self.bot_messages = page.locator("#chat-messages li.message.bot")

    def open(self, path: str = "/") -> "ChatPage":
        self.page.goto(path)
        expect(self.page.get_by_role("heading", name="Rekryteringsassistenten")).to_be_visible()
        return self

    def say(self, text: str) -> str:
        """Types `text`, sends it and returns the text of the assistant's answers to it."""
        return self._turn(lambda: self._type_and_send(text))

    def click(self, button_title: str) -> str:
        """Clicks a quick reply of the latest answer and returns the text of the answers to it."""
        button = self.page.locator("#chat-messages .quick-reply", has_text=button_title)
        return self._turn(lambda: button.click())

    def _type_and_send(self, text: str) -> None:
        self.page.get_by_label("Din fråga eller ditt svar").fill(text)
        self.page.get_by_role("button", name="Skicka", exact=True).click()

    def _turn(self, act) -> str:
        shown = self.bot_messages.count()
        act()
        # chat.js appends all answers of a turn at once, so the first one means the turn is complete.
        try:
            expect(self.bot_messages.nth(shown)).to_be_attached(timeout=BOT_TIMEOUT_MS)
        except (AssertionError, PlaywrightError):
            error = self.page.locator("#chat-error").inner_text()
            raise AssertionError(f"no answer from the assistant within 60 s; the page says: {error!r}")
        expect(self.page.locator("#chat-status")).to_have_text("")
        answers = self.bot_messages.all()[shown:]
        return "\n".join(answer.inner_text() for answer in answers)
