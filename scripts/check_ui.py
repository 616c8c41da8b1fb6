#!/usr/bin/env python3
"""The shop-floor UI in a real browser (headless Chromium through chromedriver and Selenium),
against a live `mes train` server that scripts/check-ui.sh started:

1. the operator logs in, sees no trainer console, opens the operator terminal, waits for an
   operation of the trainees' work centre to be ready, starts it on an idle machine;
2. the line view shows that machine in Execute with the job; the operator completes the
   operation in the terminal; the line view then shows the machine no longer running that job
   (Idle, or its next job);
3. the work-order board and the quality view render; the live-event badge says live;
4. the administrator logs in and the trainer console shows the simulated clock and the trainee's
   score, offers event injection, pauses the clock, runs it to a time (and is refused a time
   in the past) and resumes it;
5. a maintenance technician logs in and lands on the maintenance view (the operator is not
   offered it), schedules a corrective order on the machine the operator used, starts it (the
   machine goes to Maintenance), is refused completion with a wrong password, completes it with
   their own (the e-signature) and sees it Completed, the machine no longer in Maintenance;
6. a screenshot of every view (login, terminal, line, board, quality, trainer, maintenance),
   each checked to be non-blank: enough pixels differ from the dominant colour, in enough colours.

Exits non-zero with a message naming the step that failed.

usage: check_ui.py BASE_URL OPERATOR OPERATOR_PASSWORD ADMIN ADMIN_PASSWORD TECHNICIAN TECHNICIAN_PASSWORD WORK_CENTRE SCREENSHOT_DIR
"""
import json
import os
import sys
import time
import urllib.request
from collections import Counter

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
from check_report_render import pixels  # noqa: E402  (the same standard-library PNG decoder)

from selenium import webdriver  # noqa: E402
from selenium.common.exceptions import StaleElementReferenceException, TimeoutException, WebDriverException  # noqa: E402
from selenium.webdriver.chrome.service import Service  # noqa: E402
from selenium.webdriver.common.by import By  # noqa: E402
from selenium.webdriver.support.ui import WebDriverWait  # noqa: E402


class Failure(Exception):
    pass


def browser():
    options = webdriver.ChromeOptions()
    options.binary_location = os.environ.get("CHROMIUM", "/usr/bin/chromium")
    for argument in ("--headless=new", "--no-sandbox", "--disable-gpu", "--disable-dev-shm-usage", "--window-size=1280,1100", "--hide-scrollbars"):
        options.add_argument(argument)
    service = Service(executable_path=os.environ.get("CHROMEDRIVER", "/usr/bin/chromedriver"))
    return webdriver.Chrome(options=options, service=service)


def wait(driver, what, condition, seconds=30):
    """Polls `condition(driver)` until it returns something truthy; re-tries through re-renders."""
    def attempt(d):
        try:
            return condition(d)
        except StaleElementReferenceException:
            return False
    try:
        return WebDriverWait(driver, seconds, poll_frequency=0.2).until(attempt)
    except TimeoutException:
        banner = driver.find_elements(By.ID, "banner")
        shown = banner[0].text if banner and banner[0].is_displayed() else ""
        errors = [e.text for e in driver.find_elements(By.CSS_SELECTOR, ".error") if e.is_displayed() and e.text]
        raise Failure(f"timed out after {seconds} s waiting for {what}" + (f"; banner: {shown}" if shown else "")
                      + (f"; errors shown: {errors}" if errors else "")) from None


def click(driver, element_id, seconds=15):
    """Clicks the element with `element_id`, finding it again if a live re-render replaced it."""
    def attempt(d):
        element = d.find_element(By.ID, element_id) if d.find_elements(By.ID, element_id) else None
        if element is None or not element.is_enabled():
            return False
        element.click()
        return True
    wait(driver, f"#{element_id} to click", attempt, seconds)


def screenshot(driver, directory, name):
    path = os.path.join(directory, f"{name}.png")
    driver.save_screenshot(path)
    width, height, channels, rows = pixels(path)
    counts = Counter()
    for row in rows[::4]:
        for x in range(0, width * channels, channels * 4):
            counts[row[x:x + 3]] += 1
    sampled = sum(counts.values())
    dominant = counts.most_common(1)[0][1]
    inked = (sampled - dominant) / sampled
    if inked < 0.03 or len(counts) < 8:
        raise Failure(f"screenshot of the {name} view is blank: {inked:.1%} of pixels differ from the dominant colour, {len(counts)} colours ({path})")
    print(f"  {name}: {width}x{height}, {inked:.0%} inked, {len(counts)} colours")


def log_in(driver, base, username, password):
    driver.get(base + "/")
    wait(driver, "the login form", lambda d: d.find_elements(By.ID, "login-username"))
    if "/ui/" not in driver.current_url:
        raise Failure(f"/ should redirect to /ui/, the browser is at {driver.current_url}")
    driver.find_element(By.ID, "login-username").send_keys(username)
    driver.find_element(By.ID, "login-password").send_keys(password)
    driver.find_element(By.ID, "login-submit").click()
    wait(driver, f"{username} to be logged in", lambda d: username in d.find_element(By.ID, "who").text)


def go(driver, view):
    click(driver, f"nav-{view}")
    wait(driver, f"the {view} view", lambda d: d.execute_script("return location.hash") == f"#/{view}")


def run_to(driver, text):
    """The trainer console's run-to form: `text` in the field, then its button."""
    wait(driver, "the run-to field", lambda d: d.find_elements(By.ID, "trainer-run-to"))
    field = driver.find_element(By.ID, "trainer-run-to")
    field.clear()
    field.send_keys(text)
    click(driver, "trainer-run-to-go")


def set_speed(base, admin, password, speed):
    """The trainer's PUT /api/v1/training/speed, as the administrator (outside the browser)."""
    def call(path, body, token=None, method="POST"):
        request = urllib.request.Request(base + path, data=json.dumps(body).encode(), method=method, headers={"Content-Type": "application/json"})
        if token:
            request.add_header("Authorization", f"Bearer {token}")
        with urllib.request.urlopen(request, timeout=10) as response:
            return json.load(response)
    token = call("/api/v1/auth/login", {"username": admin, "password": password})["accessToken"]
    call("/api/v1/training/speed", {"speed": speed}, token, "PUT")


def machine_state(driver, machine):
    cards = driver.find_elements(By.CSS_SELECTOR, f'[data-machine="{machine}"]')
    if not cards:
        return None
    job = cards[0].find_elements(By.CSS_SELECTOR, "[data-job]")
    return cards[0].get_attribute("data-state"), (job[0].text if job else "")


def order_status(driver, order):
    rows = driver.find_elements(By.CSS_SELECTOR, f'tr[data-order="{order}"]')
    return rows[0].get_attribute("data-status") if rows else None


def maintain(driver, machine, password):
    """The maintenance view: schedule a corrective order on `machine`, start it, sign its completion. Returns the order's id."""
    description = f"UI check: spindle noise on {machine}"
    wait(driver, "the schedule form", lambda d: d.find_elements(By.ID, "maintenance-schedule"))
    for field, text in [("maintenance-asset", machine), ("maintenance-description", description)]:
        element = driver.find_element(By.ID, field)
        element.clear()
        element.send_keys(text)
    driver.find_element(By.CSS_SELECTOR, '#maintenance-kind option[value="corrective"]').click()
    click(driver, "maintenance-schedule")

    def scheduled(d):
        for row in d.find_elements(By.CSS_SELECTOR, 'tr[data-order][data-status="Scheduled"]'):
            if description in row.text:
                return row.get_attribute("data-order")
        return False
    order = wait(driver, f"the scheduled order on {machine} among the open orders", scheduled)
    print(f"  scheduled {order}; starting it")
    click(driver, f"maintenance-start-{order}")
    wait(driver, f"{order} in progress", lambda d: order_status(d, order) == "InProgress")
    wait(driver, f"{machine} in Maintenance among the machines that need attention",
         lambda d: d.find_elements(By.CSS_SELECTOR, f'tr[data-attention="{machine}"] .state.Maintenance'))

    def sign(secret):
        field = wait(driver, "the e-signature password field", lambda d: d.find_elements(By.ID, f"maintenance-password-{order}"))[0]
        field.clear()
        field.send_keys(secret)
        click(driver, f"maintenance-complete-{order}")
    sign("not the password")
    wait(driver, "the refusal of a wrong password", lambda d: "password" in d.find_element(By.ID, f"maintenance-error-{order}").text)
    if order_status(driver, order) != "InProgress":
        raise Failure(f"{order} is {order_status(driver, order)} after a wrong password; it should stay InProgress")
    print(f"  wrong password refused; completing {order} signed")
    sign(password)
    wait(driver, f"{order} completed", lambda d: order_status(d, order) == "Completed")
    wait(driver, f"{machine} out of Maintenance", lambda d: not d.find_elements(By.CSS_SELECTOR, f'tr[data-attention="{machine}"] .state.Maintenance'))
    signed = driver.find_element(By.CSS_SELECTOR, f'tr[data-order="{order}"]').text
    if "(responsibility)" not in signed:
        raise Failure(f"the completed order does not show its signature's meaning: {signed!r}")
    return order


def main():
    if len(sys.argv) != 10:
        raise SystemExit(__doc__)
    base, operator, operator_password, admin, admin_password, technician, technician_password, centre, shots = sys.argv[1:]
    os.makedirs(shots, exist_ok=True)
    started = time.monotonic()
    driver = browser()
    try:
        print("login page")
        driver.get(base + "/")
        wait(driver, "the login form", lambda d: d.find_elements(By.ID, "login-username"))
        screenshot(driver, shots, "login")

        print(f"operator {operator} logs in")
        log_in(driver, base, operator, operator_password)
        wait(driver, "the operator terminal as the operator's first view", lambda d: d.execute_script("return location.hash") == "#/terminal")
        if driver.find_elements(By.ID, "nav-trainer"):
            raise Failure("the operator is offered the trainer console")
        if driver.find_elements(By.ID, "nav-maintenance"):
            raise Failure("the operator (Equipment R only) is offered the maintenance view")
        wait(driver, "the live-event stream to connect", lambda d: d.find_element(By.ID, "live").get_attribute("data-state") == "live")

        print(f"waiting for an operation ready at {centre} with an idle machine")
        def ready(d):
            for row in d.find_elements(By.CSS_SELECTOR, f'tr[data-ready][data-workcenter="{centre}"]'):
                button = row.find_elements(By.CSS_SELECTOR, "button[id^=start-]")
                chosen = row.find_elements(By.CSS_SELECTOR, "select option:checked")
                if button and button[0].is_enabled() and chosen and "(Idle)" in chosen[0].text:
                    return row.get_attribute("data-ready"), button[0].get_attribute("id"), row.find_element(By.CSS_SELECTOR, "select").get_attribute("value")
            return False
        job, start_id, machine = wait(driver, f"a ready operation at {centre}", ready, 75)
        serial, number = job.rsplit("/", 1)
        # The floor ran fast to reach the trainees' work; from here on it keeps a calm 60× so the check is about the UI.
        set_speed(base, admin, admin_password, 60)
        print(f"  starting {job} on {machine}")
        click(driver, start_id)
        wait(driver, f"{job} in progress in the terminal", lambda d: d.find_elements(By.CSS_SELECTOR, f'tr[data-running="{job}"]'))
        screenshot(driver, shots, "terminal")

        print("line view: the machine runs the job")
        go(driver, "line")
        state = wait(driver, f"{machine} in Execute with {serial}", lambda d: (lambda s: s if s and s[0] == "Execute" and serial in s[1] else False)(machine_state(d, machine)))
        print(f"  {machine}: {state[0]}, job {state[1]}")
        screenshot(driver, shots, "line")

        print("terminal: complete the operation")
        go(driver, "terminal")
        click(driver, f"complete-{serial}-{number}")
        wait(driver, f"{job} to leave the in-progress list", lambda d: not d.find_elements(By.CSS_SELECTOR, f'tr[data-running="{job}"]'))

        print("line view: the machine no longer runs the job")
        go(driver, "line")
        after = wait(driver, f"{machine} to leave {job}", lambda d: (lambda s: s if s and not (s[0] == "Execute" and serial in s[1]) else False)(machine_state(d, machine)))
        print(f"  {machine}: {after[0]}, job {after[1] or '—'}")

        print("work-order board and quality view")
        go(driver, "board")
        wait(driver, "work-order columns with cards", lambda d: d.find_elements(By.CSS_SELECTOR, "[data-column] [data-order]"))
        screenshot(driver, shots, "board")
        go(driver, "quality")
        wait(driver, "the quality view", lambda d: d.find_elements(By.ID, "ncr-title") and d.find_elements(By.ID, "chart-title"))
        screenshot(driver, shots, "quality")

        print(f"administrator {admin}: trainer console")
        click(driver, "logout")
        wait(driver, "the login form after logging out", lambda d: d.find_elements(By.ID, "login-username"))
        log_in(driver, base, admin, admin_password)
        go(driver, "trainer")
        wait(driver, "the simulated clock", lambda d: d.find_elements(By.ID, "trainer-time") and d.find_element(By.ID, "trainer-time").text)
        click(driver, "trainer-pause")
        wait(driver, "the clock to pause", lambda d: d.find_elements(By.CSS_SELECTOR, '[data-training="paused"]'))
        # The trainee's score against the simulated operators: the operation done above counts.
        wait(driver, "the score panel", lambda d: d.find_elements(By.ID, "trainer-score"), seconds=60)
        if not driver.find_elements(By.ID, "event-inject"):
            raise Failure("the trainer console offers no event injection")
        # Run to a time: the next whole hour and a half on, then (refused) a time already past.
        hours = float(driver.find_element(By.ID, "trainer-hours").text.split()[0])
        target = int(hours) + 1.5
        run_to(driver, f"{target}")
        wait(driver, f"the clock to stand at {target} h", lambda d: d.find_element(By.ID, "trainer-hours").text.startswith(f"{target:.2f} of")
             and d.find_elements(By.CSS_SELECTOR, '[data-training="paused"]'))
        run_to(driver, f"{target - 1}")
        wait(driver, "the refusal of a time in the past", lambda d: "in the past" in d.find_element(By.ID, "trainer-error").text)
        screenshot(driver, shots, "trainer")
        click(driver, "trainer-resume")
        wait(driver, "the clock to resume", lambda d: d.find_elements(By.CSS_SELECTOR, '[data-training="running"]'))

        print(f"maintenance technician {technician}: a corrective order on {machine}")
        click(driver, "logout")
        wait(driver, "the login form after logging out", lambda d: d.find_elements(By.ID, "login-username"))
        log_in(driver, base, technician, technician_password)
        wait(driver, "the maintenance view as the technician's first view", lambda d: d.execute_script("return location.hash") == "#/maintenance")
        if driver.find_elements(By.ID, "nav-trainer"):
            raise Failure("the maintenance technician is offered the trainer console")
        order = maintain(driver, machine, technician_password)
        screenshot(driver, shots, "maintenance")

        # A refused request (the operator's probe of the trainer routes answers 403) is logged too: only script errors count.
        browser_errors = [entry for entry in driver.get_log("browser")
                          if entry.get("level") == "SEVERE" and "Failed to load resource" not in entry.get("message", "")]
        if browser_errors:
            raise Failure(f"the browser console reported errors: {[e['message'] for e in browser_errors][:5]}")
    except Failure as failure:
        print(f"check-ui: FAILED: {failure}", file=sys.stderr)
        try:
            driver.save_screenshot(os.path.join(shots, "failure.png"))
            print(f"  (page at failure: {os.path.join(shots, 'failure.png')})", file=sys.stderr)
        except WebDriverException:
            pass
        return 1
    finally:
        driver.quit()
    print(f"check-ui: OK: operator started and completed {job} on {machine} ({state[0]} → {after[0]}); technician started and "
          f"completed {order} on it; 7 views rendered "
          f"({time.monotonic() - started:.0f} s)")
    return 0


if __name__ == "__main__":
    sys.exit(main())
