import { Link } from "react-router";
import { useQuery } from "@tanstack/react-query";
import { Badge, Checkbox } from "@/components/ui";
import { channelsQuery } from "../api/lookups";
import { sortIds, type RuleForm } from "../model/form";

/** How many channels a rule may send to (the server's limit). */
export const MAX_CHANNELS = 10;

/**
 * The webhook channels a rule's firings are also sent to, ticked by name. A refusal's
 * `channels[i]` counts in the server's order of the chosen ids, so it is shown next to the
 * channel at that place; a chosen id the list does not know (a channel deleted meanwhile) is
 * listed too, so it can be unticked.
 */
export function ChannelsField({
  form,
  set,
  errors,
}: {
  form: RuleForm;
  set: (patch: Partial<RuleForm>) => void;
  errors: Record<string, string>;
}) {
  const q = useQuery(channelsQuery);
  const channels = q.data ?? [];
  const chosen = sortIds(form.channels);
  const known = new Set(channels.map((c) => c.id.toLowerCase()));
  const rows = [
    ...channels.map((c) => ({ id: c.id.toLowerCase(), name: c.name, channel: c })),
    ...chosen.filter((id) => q.isSuccess && !known.has(id)).map((id) => ({ id, name: `${id} (not a channel)`, channel: undefined })),
  ];
  const toggle = (id: string, on: boolean) => set({ channels: sortIds(on ? [...form.channels, id] : form.channels.filter((c) => c.toLowerCase() !== id)) });
  const groupError = errors.channels;

  return (
    <fieldset className="flex flex-col gap-3 rounded-lg border border-slate-200 p-4" aria-describedby={groupError ? "rule-channels-error" : undefined}>
      <legend className="px-1 text-sm font-medium text-slate-700">Webhook channels</legend>
      <p className="-mt-1 text-xs text-slate-500">
        Each firing is also sent, signed, to the channels ticked (at most {MAX_CHANNELS}). An administrator manages them on{" "}
        <Link to="/alert-channels" className="font-medium text-indigo-700 hover:underline">
          Webhook channels
        </Link>
        .
      </p>
      {groupError && (
        <p id="rule-channels-error" role="alert" className="text-xs font-medium text-rose-600">
          {groupError}
        </p>
      )}
      {q.isLoading && <p className="text-xs text-slate-500">Loading channels…</p>}
      {q.isError && <p className="text-xs text-rose-700">The channels could not be loaded; the rule keeps the ones it has.</p>}
      {q.isSuccess && rows.length === 0 && <p className="text-xs text-slate-600">No channel is set up yet.</p>}
      {rows.length > 0 && (
        <ul aria-label="Webhook channels to send to" className="flex flex-col gap-1.5">
          {rows.map(({ id, name, channel }) => {
            const i = chosen.indexOf(id);
            const error = i >= 0 ? errors[`channels[${i}]`] : undefined;
            return (
              <li key={id} data-channel={id} className="rounded-md bg-slate-50 px-3 py-1.5">
                <div className="flex items-center justify-between gap-2">
                  <Checkbox
                    id={`rule-channel-${id}`}
                    label={name}
                    checked={i >= 0}
                    onChange={(e) => toggle(id, e.target.checked)}
                    aria-invalid={error ? true : undefined}
                    aria-describedby={error ? `rule-channel-${id}-error` : undefined}
                  />
                  {channel && (
                    <span className="flex shrink-0 gap-1.5">
                      <Badge>{channel.format === "slack" ? "Slack" : "JSON"}</Badge>
                      {!channel.enabled && <Badge tone="amber">Disabled</Badge>}
                      {channel.health?.last_state === "failed" && <Badge tone="rose">Last delivery failed</Badge>}
                    </span>
                  )}
                </div>
                {error && (
                  <p id={`rule-channel-${id}-error`} role="alert" className="text-xs font-medium text-rose-600">
                    {error}
                  </p>
                )}
              </li>
            );
          })}
        </ul>
      )}
    </fieldset>
  );
}
