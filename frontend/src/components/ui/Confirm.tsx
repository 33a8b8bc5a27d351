import { createContext, useCallback, useContext, useEffect, useRef, useState, type ReactNode } from "react";
import { Button } from "./Button";
import { Dialog } from "./Dialog";

export interface ConfirmOptions {
  /** The question, naming what is acted on: "Delete “APT29”?". */
  title: string;
  /** What happens if the user goes ahead, stated plainly; read out with the title. */
  consequence: ReactNode;
  /** The action itself ("Delete test"), never a bare "OK". */
  confirmLabel: string;
  cancelLabel?: string;
  /** "danger" for what removes data or cannot be undone: a red confirm button. */
  tone?: "danger" | "primary";
}

/**
 * Asks before a consequential action. Focus starts on Cancel, so Enter or a stray click on the
 * focused button is the safe answer; Escape, the backdrop and the close button cancel too.
 */
export function ConfirmDialog({
  open,
  title,
  consequence,
  confirmLabel,
  cancelLabel = "Cancel",
  tone = "primary",
  onConfirm,
  onCancel,
}: ConfirmOptions & { open: boolean; onConfirm: () => void; onCancel: () => void }) {
  return (
    <Dialog
      open={open}
      onClose={onCancel}
      role="alertdialog"
      size="sm"
      title={title}
      description={consequence}
      footer={
        <>
          <Button variant="secondary" onClick={onCancel} data-autofocus>
            {cancelLabel}
          </Button>
          <Button variant={tone} onClick={onConfirm}>
            {confirmLabel}
          </Button>
        </>
      }
    />
  );
}

type Confirm = (options: ConfirmOptions) => Promise<boolean>;
interface Request {
  options: ConfirmOptions;
  answer: (ok: boolean) => void;
}

const Ctx = createContext<Confirm | null>(null);

/** Holds the app's one confirm dialog; `useConfirm()` opens it. */
export function ConfirmProvider({ children }: { children: ReactNode }) {
  const [request, setRequest] = useState<Request | null>(null);
  // The open request outside state too, so a new one (or unmounting) can answer it first.
  const open = useRef<Request | null>(null);

  const confirm = useCallback<Confirm>(
    (options) =>
      new Promise<boolean>((resolve) => {
        open.current?.answer(false);
        const req: Request = { options, answer: resolve };
        open.current = req;
        setRequest(req);
      }),
    [],
  );
  useEffect(() => () => open.current?.answer(false), []);

  const answer = (ok: boolean) => {
    request?.answer(ok);
    open.current = null;
    setRequest(null);
  };

  return (
    <Ctx.Provider value={confirm}>
      {children}
      {request && <ConfirmDialog open {...request.options} onConfirm={() => answer(true)} onCancel={() => answer(false)} />}
    </Ctx.Provider>
  );
}

/**
 * `await confirm({ title, consequence, confirmLabel })`: true when the user goes ahead, false
 * when they cancel (Cancel, Escape, backdrop, close button).
 */
export function useConfirm(): Confirm {
  const ctx = useContext(Ctx);
  if (!ctx) throw new Error("useConfirm outside ConfirmProvider");
  return ctx;
}
