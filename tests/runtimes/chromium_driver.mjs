/**
 * Drives headless Chromium with playwright-core: opens the page, waits for the smoke report and
 * prints it as JSON. Usage: node chromium_driver.mjs <playwright-core entry> <chromium> <page URL>
 *
 * @module
 */
const [entry, executablePath, url] = process.argv.slice(2);
const { chromium } = await import(entry);
const browser = await chromium.launch({
  executablePath,
  headless: true,
  args: [
    "--no-sandbox",
    "--disable-gpu",
    "--disable-quic",
    "--no-first-run",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
  ],
});
try {
  const page = await browser.newPage();
  page.on("pageerror", (error) => console.error(`page error: ${error.message}`));
  page.on("console", (message) => console.error(`page console: ${message.text()}`));
  await page.goto(url);
  const report = await page.waitForFunction(() => globalThis.smokeReport, null, {
    timeout: 120_000,
  });
  console.log(JSON.stringify({
    ...(await report.jsonValue()),
    userAgent: await page.evaluate(() => navigator.userAgent),
  }));
} finally {
  await browser.close();
}
