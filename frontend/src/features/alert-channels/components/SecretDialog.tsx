import { useState } from "react";
import { Check, Copy, TriangleAlert } from "lucide-react";
import type { ChannelWithSecret } from "@/api/types";
import { Button, Dialog } from "@/components/ui";

/**
 * A channel's signing secret, shown this once (after a create or a rotation) with a copy button;
 * closing the dialog forgets it.
 */
export function SecretDialog({ created, rotated = false, onClose }: { created: ChannelWithSecret; rotated?: boolean; onClose: () => void }) {
  const [copied, setCopied] = useState(false);
  const { channel, secret } = created;
  return (
    <Dialog
      open
      onClose={onClose}
      title={rotated ? `New signing secret of “${channel.name}”` : `Channel “${channel.name}” created`}
      description={rotated ? "It signs the next delivery: give it to the receiver now." : "Give the receiver this signing secret so it can check that deliveries come from Aegis."}
      footer={<Button onClick={onClose}>Done</Button>}
    >
      <div className="flex flex-col gap-3">
        <p role="note" className="flex items-start gap-2 rounded-md border border-amber-200 bg-amber-50 px-3 py-2 text-sm font-medium text-amber-900">
          <TriangleAlert className="mt-0.5 size-4 shrink-0" aria-hidden />
          Copy it now: it will not be shown again. If it is lost, rotate the secret.
        </p>
        <code data-testid="channel-secret" aria-label="Signing secret" className="block rounded-md border border-slate-200 bg-slate-50 px-3 py-2 font-mono text-xs break-all text-slate-800">
          {secret}
        </code>
        <Button
          variant="secondary"
          icon={copied ? <Check className="size-4" aria-hidden /> : <Copy className="size-4" aria-hidden />}
          onClick={() => void navigator.clipboard?.writeText(secret).then(() => setCopied(true))}
          data-autofocus
        >
          {copied ? "Copied" : "Copy secret"}
        </Button>
        <p className="text-xs text-slate-600">
          Each delivery carries <code>X-Aegis-Signature: sha256=&lt;hex&gt;</code>, the HMAC-SHA256 with this secret over{" "}
          <code>&lt;X-Aegis-Timestamp&gt;.&lt;raw body&gt;</code>.
        </p>
      </div>
    </Dialog>
  );
}
