import { Card } from "@/components/ui";

/** A receiver's check of a delivery, in Node.js: the shape, not a library. */
const NODE_EXAMPLE = `import { createHmac, timingSafeEqual } from "node:crypto";

// rawBody: the request body exactly as received (bytes, before any JSON parsing).
function fromAegis(headers, rawBody, secret) {
  const timestamp = headers["x-aegis-timestamp"];
  const signature = headers["x-aegis-signature"] ?? "";
  if (Math.abs(Date.now() / 1000 - Number(timestamp)) > 300) return false; // a replay
  const expected = "sha256=" + createHmac("sha256", secret).update(\`\${timestamp}.\`).update(rawBody).digest("hex");
  const a = Buffer.from(signature), b = Buffer.from(expected);
  return a.length === b.length && timingSafeEqual(a, b);
}`;

/** How a receiver checks that a delivery comes from Aegis, unchanged and recent. */
export function SignatureHelp() {
  return (
    <Card title="Verifying a delivery" description="What a receiver checks before it trusts a webhook.">
      <div className="flex flex-col gap-3 text-sm text-slate-700">
        <p>
          Every delivery is a <code>POST</code> with <code>Content-Type: application/json</code> and three headers:
        </p>
        <dl className="grid grid-cols-1 gap-x-4 gap-y-1.5 text-xs sm:grid-cols-[max-content_1fr]">
          <dt className="font-mono font-semibold text-slate-800">X-Aegis-Delivery</dt>
          <dd>the delivery id; the same firing to the same channel keeps its id, so drop repeats;</dd>
          <dt className="font-mono font-semibold text-slate-800">X-Aegis-Timestamp</dt>
          <dd>Unix seconds when the attempt was signed;</dd>
          <dt className="font-mono font-semibold text-slate-800">X-Aegis-Signature</dt>
          <dd>
            <code>sha256=&lt;hex&gt;</code>: HMAC-SHA256 with the channel's secret over <code>&lt;timestamp&gt;.&lt;raw body&gt;</code>.
          </dd>
        </dl>
        <p>
          Recompute the HMAC over the raw body (not a re-serialised one), compare in constant time, and refuse timestamps older than a few
          minutes. A rotated secret signs the next delivery at once.
        </p>
        <pre aria-label="Checking a signature in Node.js" className="overflow-x-auto rounded-md bg-slate-900 p-3 text-xs leading-relaxed text-slate-100">
          <code>{NODE_EXAMPLE}</code>
        </pre>
      </div>
    </Card>
  );
}
