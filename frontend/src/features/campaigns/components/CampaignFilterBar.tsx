import { useEffect, useRef, useState } from "react";
import { Search } from "lucide-react";
import { CAMPAIGN_STATUS_LABELS, CAMPAIGN_STATUSES, type CampaignStatus } from "@/api/campaigns";
import { UserPicker } from "@/components/UserPicker";
import { Button, Field, Input, Select } from "@/components/ui";
import { useDebouncedValue } from "@/lib/useDebouncedValue";
import { hasFilters, type CampaignFilters } from "../model/filters";

const GROUP_ID = /^G\d{4}$/i;

/** A text filter applied once typing has settled (and is valid); it follows the URL when that changes elsewhere. */
function useSettled(value: string, apply: (v: string) => void, valid: (v: string) => boolean = () => true) {
  const [text, setText] = useState(value);
  const settled = useDebouncedValue(text.trim(), 300);
  const last = useRef(value);
  const act = useRef({ apply, valid });
  act.current = { apply, valid };
  useEffect(() => {
    if (value.toUpperCase() === last.current.toUpperCase()) return;
    last.current = value;
    setText(value);
  }, [value]);
  useEffect(() => {
    if (settled.toUpperCase() === last.current.toUpperCase()) return;
    if (settled !== "" && !act.current.valid(settled)) return;
    last.current = settled;
    act.current.apply(settled);
  }, [settled]);
  return [text, setText] as const;
}

const OWNER_ROLES = ["red_lead", "blue_lead", "admin"] as const;

export function CampaignFilterBar({
  filters,
  onChange,
  onClear,
}: {
  filters: CampaignFilters;
  onChange: (key: keyof CampaignFilters, value: string) => void;
  onClear: () => void;
}) {
  const [q, setQ] = useSettled(filters.q, (v) => onChange("q", v));
  const [actor, setActor] = useSettled(filters.actor, (v) => onChange("actor", v.toUpperCase()), (v) => GROUP_ID.test(v));
  const actorInvalid = actor.trim() !== "" && !GROUP_ID.test(actor.trim());
  return (
    <div className="flex flex-col gap-3 border-b border-slate-100 p-4" role="search" aria-label="Filter the campaigns">
      <div className="grid grid-cols-1 gap-3 sm:grid-cols-2 lg:grid-cols-4">
        <Field id="campaign-search" label="Search">
          <div className="relative">
            <Search className="pointer-events-none absolute top-2.5 left-2.5 size-4 text-slate-500" aria-hidden />
            <Input type="search" placeholder="Name or objective" value={q} onChange={(e) => setQ(e.target.value)} className="pl-8" />
          </div>
        </Field>
        <Field id="campaign-status" label="Status">
          <Select value={filters.status} onChange={(e) => onChange("status", e.target.value as CampaignStatus | "")}>
            <option value="">Any status</option>
            {CAMPAIGN_STATUSES.map((s) => (
              <option key={s} value={s}>
                {CAMPAIGN_STATUS_LABELS[s]}
              </option>
            ))}
          </Select>
        </Field>
        <Field id="campaign-actor" label="Threat actor" error={actorInvalid ? "An ATT&CK group id such as G0016" : undefined}>
          <Input value={actor} onChange={(e) => setActor(e.target.value)} placeholder="G0016" spellCheck={false} className="font-mono" />
        </Field>
        <Field id="campaign-owner" label="Owner">
          <UserPicker roles={OWNER_ROLES} value={filters.owner} onChange={(v) => onChange("owner", v)} emptyLabel="Anyone" />
        </Field>
      </div>
      {hasFilters(filters) && (
        <div>
          <Button variant="ghost" size="sm" onClick={onClear}>
            Clear filters
          </Button>
        </div>
      )}
    </div>
  );
}
