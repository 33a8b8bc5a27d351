import { useState, type FormEvent } from "react";
import { ApiError } from "@/api/client";
import type { AlertChannel, ChannelFormat, ChannelWithSecret } from "@/api/types";
import { Button, Checkbox, Dialog, Field, FormError, Input, RadioGroup, useToast } from "@/components/ui";
import { useCreateChannel, useUpdateChannel } from "../api/channels";
import { buildCreate, buildUpdate, changesSomething, channelFieldErrors, emptyForm, FORM_FIELDS, FORMATS, formFromChannel, type ChannelForm } from "../model/channel";

function ChannelFormBody({
  channel,
  onClose,
  onCreated,
  onConflict,
  notice,
}: {
  channel?: AlertChannel;
  onClose: () => void;
  onCreated?: (created: ChannelWithSecret) => void;
  onConflict: () => void;
  notice?: string;
}) {
  const [form, setForm] = useState<ChannelForm>(() => (channel ? formFromChannel(channel) : emptyForm()));
  const create = useCreateChannel();
  const update = useUpdateChannel(channel?.id ?? "");
  const saving = channel ? update : create;
  const errors = channelFieldErrors(saving.error);
  const shown = new Set<string>(FORM_FIELDS);
  const unplaced = saving.error instanceof ApiError ? saving.error.errors.filter((e) => !shown.has(e.field)).map((e) => `${e.field}: ${e.message}`) : [];
  const toast = useToast();
  const set = (patch: Partial<ChannelForm>) => setForm((f) => ({ ...f, ...patch }));
  const formatHint = FORMATS.find((f) => f.format === form.format)?.hint;

  const submit = (e: FormEvent) => {
    e.preventDefault();
    if (channel) {
      const body = buildUpdate(form, channel);
      if (!changesSomething(body)) return onClose();
      update.mutate(body, {
        onSuccess: (saved) => {
          toast.success(`Saved “${saved.name}”`);
          onClose();
        },
        onError: (err) => {
          if (err instanceof ApiError && err.status === 409) onConflict();
        },
      });
      return;
    }
    create.mutate(buildCreate(form), {
      onSuccess: (created) => {
        toast.success(`Created “${created.channel.name}”`);
        onCreated?.(created);
      },
    });
  };

  return (
    <form onSubmit={submit} noValidate className="flex flex-col gap-4" aria-label={channel ? "Edit webhook channel" : "New webhook channel"}>
      {notice && (
        <div role="status" className="rounded-md border border-amber-200 bg-amber-50 px-3 py-2 text-sm text-amber-800">
          {notice}
        </div>
      )}
      <Field id="channel-name" label="Name" required error={errors.name}>
        <Input value={form.name} onChange={(e) => set({ name: e.target.value })} maxLength={100} autoComplete="off" data-autofocus />
      </Field>
      <Field
        id="channel-url"
        label="URL"
        required
        error={errors.url}
        hint="https only, to a public address. For Slack, Mattermost or Teams, paste the incoming webhook's URL."
      >
        <Input type="url" inputMode="url" value={form.url} onChange={(e) => set({ url: e.target.value })} placeholder="https://hooks.example.com/aegis" autoComplete="off" spellCheck={false} />
      </Field>
      <RadioGroup<ChannelFormat>
        name="channel-format"
        legend="Format"
        options={FORMATS.map((f) => ({ value: f.format, label: f.label }))}
        value={form.format}
        onChange={(format) => set({ format })}
        hint={formatHint}
        error={errors.format}
      />
      <Checkbox
        id="channel-enabled"
        label="Enabled"
        description="A disabled channel is kept, with its rules, but nothing is sent to it."
        checked={form.enabled}
        onChange={(e) => set({ enabled: e.target.checked })}
      />
      {unplaced.length > 0 && <FormError message={unplaced.join("; ")} />}
      <div className="flex justify-end gap-2">
        <Button variant="secondary" onClick={onClose}>
          Cancel
        </Button>
        <Button type="submit" loading={saving.isPending}>
          {channel ? "Save channel" : "Create channel"}
        </Button>
      </div>
    </form>
  );
}

/**
 * A channel's form, new (`channel` absent) or on the version read. When a save finds the channel
 * changed (409), the channel is read again and the form starts over from it, saying why.
 */
export function ChannelFormDialog({
  channel,
  onClose,
  onCreated,
}: {
  channel?: AlertChannel;
  onClose: () => void;
  onCreated?: (created: ChannelWithSecret) => void;
}) {
  const [reloaded, setReloaded] = useState(false);
  return (
    <Dialog open onClose={onClose} title={channel ? `Edit “${channel.name}”` : "New webhook channel"}>
      <ChannelFormBody
        key={channel ? `${channel.id}-${channel.version}` : "new"}
        channel={channel}
        onClose={onClose}
        onCreated={onCreated}
        onConflict={() => setReloaded(true)}
        notice={reloaded ? "This channel was changed by someone else while you edited it. The form shows the channel as it is saved now; make your changes again." : undefined}
      />
    </Dialog>
  );
}
