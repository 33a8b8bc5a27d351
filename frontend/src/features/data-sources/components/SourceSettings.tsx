import { useState, type FormEvent } from "react";
import { RotateCcw } from "lucide-react";
import { fieldErrors } from "@/api/client";
import type { DataSource, SyncSchedule } from "@/api/content";
import { Button, Checkbox, Field, Input, Select, useToast } from "@/components/ui";
import { useUpdateSource } from "../api/dataSources";

export const SCHEDULES: readonly SyncSchedule[] = ["manual", "daily", "weekly", "monthly"];

export const SCHEDULE_LABELS: Record<SyncSchedule, string> = {
  manual: "Manual only",
  daily: "Daily",
  weekly: "Weekly",
  monthly: "Monthly",
};

/** A source's settings: where it syncs from (or back to the default), whether, and how often. */
export function SourceSettings({ source }: { source: DataSource }) {
  const update = useUpdateSource(source.id);
  const toast = useToast();
  // Starts from the stored URL; the card is keyed by it, so a saved change starts afresh.
  const [url, setUrl] = useState(source.url);
  const errors = fieldErrors(update.error);
  const isDefault = source.url === source.default_url;
  const id = (what: string) => `source-${source.id}-${what}`;

  const saveUrl = (e: FormEvent) => {
    e.preventDefault();
    const value = url.trim();
    if (!value || value === source.url) return;
    update.mutate({ url: value }, { onSuccess: () => toast.success(`${source.name} now syncs from ${value}`) });
  };
  const resetUrl = () =>
    update.mutate({ url: null }, {
      onSuccess: (s) => {
        setUrl(s.url);
        toast.success(`${source.name} syncs from its default URL again`);
      },
    });

  return (
    <div className="flex flex-col gap-3">
      <form onSubmit={saveUrl} noValidate className="flex flex-col gap-1.5" aria-label={`${source.name} URL`}>
        <Field id={id("url")} label="URL" error={errors.url} hint={isDefault ? "The default URL" : `Default: ${source.default_url}`}>
          <div className="flex gap-2">
            <Input value={url} onChange={(e) => setUrl(e.target.value)} className="font-mono text-xs" spellCheck={false} />
            <Button type="submit" variant="secondary" disabled={!url.trim() || url.trim() === source.url} loading={update.isPending && typeof update.variables?.url === "string"}>
              Save
            </Button>
          </div>
        </Field>
        {!isDefault && (
          <div>
            <Button variant="ghost" size="sm" icon={<RotateCcw className="size-3.5" aria-hidden />} onClick={resetUrl} disabled={update.isPending}>
              Reset to default URL
            </Button>
          </div>
        )}
      </form>
      <div className="flex flex-wrap items-end justify-between gap-4">
        <Checkbox
          id={id("enabled")}
          label="Enabled"
          description="Synced on its schedule and by “Sync all”"
          checked={source.enabled}
          disabled={update.isPending}
          onChange={(e) => {
            const enabled = e.target.checked;
            update.mutate({ enabled }, { onSuccess: () => toast.success(`${source.name} ${enabled ? "enabled" : "disabled"}`) });
          }}
        />
        <Field id={id("schedule")} label="Schedule" error={errors.schedule}>
          <Select
            value={source.schedule}
            disabled={update.isPending}
            onChange={(e) => {
              const schedule = e.target.value as SyncSchedule;
              update.mutate({ schedule }, { onSuccess: () => toast.success(`${source.name}: ${SCHEDULE_LABELS[schedule].toLowerCase()}`) });
            }}
            className="w-40"
          >
            {SCHEDULES.map((s) => (
              <option key={s} value={s}>
                {SCHEDULE_LABELS[s]}
              </option>
            ))}
          </Select>
        </Field>
      </div>
    </div>
  );
}
