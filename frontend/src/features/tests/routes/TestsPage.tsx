import { useSearchParams } from "react-router";
import { useInfiniteQuery } from "@tanstack/react-query";
import { FlaskConical } from "lucide-react";
import { allItems } from "@/api/pagination";
import { can } from "@/auth/permissions";
import { useCurrentUser } from "@/auth/session";
import { SelectableTests } from "@/components/tests/SelectableTests";
import { Card, EmptyState, ErrorState, Field, Input, LinkButton, LoadingState, LoadMore, PageHeader, Select } from "@/components/ui";
import { UserPicker } from "@/components/UserPicker";
import { PLATFORMS, STATE_LABELS, TEST_STATES } from "@/lib/labels";
import { useDebouncedValue } from "@/lib/useDebouncedValue";
import { testsList, type TestFilters } from "../api/tests";


/** `YYYY-MM-DD` from a date input as the start (or end) of that day in UTC. */
function dayBound(value: string, end: boolean): string {
  if (!value) return "";
  return `${value}T${end ? "23:59:59" : "00:00:00"}Z`;
}

export default function TestsPage() {
  const user = useCurrentUser();
  const [params, setParams] = useSearchParams();
  const get = (k: string) => params.get(k) ?? "";
  const set = (k: string, v: string) => {
    const next = new URLSearchParams(params);
    if (v) next.set(k, v);
    else next.delete(k);
    setParams(next, { replace: true });
  };
  const technique = useDebouncedValue(get("technique").trim().toUpperCase(), 300);
  const assignee = get("assignee");
  const filters: TestFilters = {
    state: get("state"),
    technique,
    assignee,
    platform: get("platform"),
    from: dayBound(get("from"), false),
    to: dayBound(get("to"), true),
  };
  const list = useInfiniteQuery(testsList(filters));
  const items = allItems(list.data);
  const filtered = Object.values(filters).some(Boolean);

  return (
    <>
      <PageHeader
        title="All Tests"
        description="Every validation test with its outcome and time to detect. Sort by any column; select tests to assign them together."
        actions={
          can.createTest(user.role) && (
            <LinkButton to="/tests/new" icon={<FlaskConical className="size-4" aria-hidden />}>
              New test
            </LinkButton>
          )
        }
      />
      <Card bodyClassName="p-0">
        <div className="grid grid-cols-1 gap-3 border-b border-slate-100 p-4 sm:grid-cols-3 xl:grid-cols-6">
          <Field id="tests-state" label="State">
            <Select value={get("state")} onChange={(e) => set("state", e.target.value)}>
              <option value="">Any state</option>
              {TEST_STATES.map((s) => (
                <option key={s} value={s}>
                  {STATE_LABELS[s]}
                </option>
              ))}
            </Select>
          </Field>
          <Field id="tests-technique" label="Technique">
            <Input placeholder="e.g. T1059.001" value={get("technique")} onChange={(e) => set("technique", e.target.value)} />
          </Field>
          <Field id="tests-assignee" label="Assignee">
            <UserPicker value={get("assignee")} onChange={(v) => set("assignee", v)} emptyLabel="Anyone" />
          </Field>
          <Field id="tests-platform" label="Platform">
            <Select value={get("platform")} onChange={(e) => set("platform", e.target.value)}>
              <option value="">Any platform</option>
              {PLATFORMS.map((p) => (
                <option key={p}>{p}</option>
              ))}
            </Select>
          </Field>
          <Field id="tests-from" label="Created from">
            <Input type="date" value={get("from")} onChange={(e) => set("from", e.target.value)} />
          </Field>
          <Field id="tests-to" label="Created until">
            <Input type="date" value={get("to")} onChange={(e) => set("to", e.target.value)} />
          </Field>
        </div>
        {list.isLoading && <LoadingState />}
        {list.isError && <ErrorState error={list.error} onRetry={() => void list.refetch()} />}
        {list.isSuccess && items.length === 0 && (
          <EmptyState
            title={filtered ? "No tests match these filters" : "No tests yet"}
            description={filtered ? "Clear a filter to see more." : "A red team member creates the first test from a technique."}
            action={
              !filtered &&
              can.createTest(user.role) && (
                <LinkButton to="/tests/new" variant="secondary">
                  Create a test
                </LinkButton>
              )
            }
          />
        )}
        {items.length > 0 && (
          <>
            <SelectableTests tests={items} caption="Tests" />
            <LoadMore
              count={items.length}
              noun={["test", "tests"]}
              hasMore={Boolean(list.hasNextPage)}
              loading={list.isFetchingNextPage}
              onLoad={() => void list.fetchNextPage()}
            />
          </>
        )}
      </Card>
    </>
  );
}
