import { Compass } from "lucide-react";
import { EmptyState, LinkButton } from "@/components/ui";

export default function NotFoundPage() {
  return (
    <EmptyState
      icon={<Compass className="size-6" aria-hidden />}
      title="Page not found"
      description="The address does not match any screen of Aegis."
      action={<LinkButton to="/">Go to the dashboard</LinkButton>}
    />
  );
}
