// @vitest-environment happy-dom
import { cleanup, screen } from "@testing-library/react";
import { afterEach, expect, it } from "vitest";
import { renderWithIntl } from "@/test-support/intl";
import { AgreementChart } from "./agreement-chart";

afterEach(cleanup);

it("is an image named by what it shows and the table with the same figures, each bar printing its value in the interface's language", () => {
  renderWithIntl(
    <AgreementChart
      title="α per claim type"
      tableName="Agreement per claim type"
      bars={[
        { key: "a", label: "Statistic", value: 0.485 },
        { key: "b", label: "Event", value: -0.2 },
        { key: "c", label: "Quote", value: null },
      ]}
    />,
    { locale: "de" },
  );
  const chart = screen.getByRole("img");
  expect(chart.getAttribute("aria-label")).toBe(
    "α per claim type: ein Balkendiagramm auf einer Skala von −1 bis 1. Dieselben Werte stehen in der Tabelle „Agreement per claim type“.",
  );
  expect([...chart.querySelectorAll("text")].map((t) => t.textContent)).toEqual(["Statistic", "0,49", "Event", "-0,20", "Quote", "—", "−1", "1"]);
});
