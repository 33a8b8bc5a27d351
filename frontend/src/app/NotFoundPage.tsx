import { Compass } from "lucide-react";
import { EmptyState, LinkButton, PageHeader } from "@/components/ui";

export default function NotFoundPage() {
  return (
    <>
      <PageHeader title="Page not found" />
      <EmptyState
        icon={<Compass className="size-6" aria-hidden />}
        title="Nothing at this address"
        description="The address does not match any screen of Aegis."
        action={<LinkButton to="/">Go to the dashboard</LinkButton>}
      />
    </>
  );
}
