import { useEffect, useState, type FormEvent } from "react";
import { Link, useNavigate, useSearchParams } from "react-router";
import { useQuery } from "@tanstack/react-query";
import { fieldErrors } from "@/api/client";
import { Button, Card, Field, PageHeader, useToast } from "@/components/ui";
import { techniqueBriefQuery, useCreateTest } from "../api/tests";
import { TechniquePicker, type PickedTechnique } from "../components/TechniquePicker";
import { EMPTY_TEST_FIELDS, TestFields, toTestBody, type TestFieldValues } from "../components/TestFields";

export default function NewTestPage() {
  const [params] = useSearchParams();
  const preset = params.get("technique") ?? "";
  const presetQuery = useQuery(techniqueBriefQuery(preset));
  const [technique, setTechnique] = useState<PickedTechnique | null>(null);
  const [values, setValues] = useState<TestFieldValues>(EMPTY_TEST_FIELDS);
  const create = useCreateTest();
  const navigate = useNavigate();
  const toast = useToast();
  const errors = fieldErrors(create.error);

  useEffect(() => {
    if (presetQuery.data && !technique) {
      const t = presetQuery.data;
      setTechnique({ attack_id: t.attack_id, name: t.name, platforms: t.platforms });
    }
  }, [presetQuery.data, technique]);

  const submit = (e: FormEvent) => {
    e.preventDefault();
    if (!technique) return;
    create.mutate(
      { technique_id: technique.attack_id, ...toTestBody(values) },
      {
        onSuccess: (test) => {
          toast.success(`Test “${test.title}” created as a draft`);
          navigate(`/tests/${test.id}`);
        },
      },
    );
  };

  return (
    <>
      <PageHeader
        breadcrumbs={[{ label: "Tests", to: "/tests" }, { label: "New test" }]}
        title="New test"
        description="A test validates one technique: the red team executes it, the blue team documents what detected it, both leads approve."
      />
      <Card className="max-w-3xl">
        <form className="flex flex-col gap-5" onSubmit={submit} noValidate>
          <Field id="test-technique" label="Technique" error={errors.technique_id} required>
            <TechniquePicker id="test-technique" value={technique} onChange={setTechnique} invalid={Boolean(errors.technique_id)} />
          </Field>
          <p className="-mt-3 text-xs text-slate-600">
            Or start from a ready procedure:{" "}
            <Link
              to={technique ? `/test-catalog?technique=${encodeURIComponent(technique.attack_id)}&active=true` : "/test-catalog?active=true"}
              className="font-medium text-indigo-700 hover:underline"
            >
              {technique ? `test templates for ${technique.attack_id}` : "browse the test catalog"}
            </Link>
          </p>
          <TestFields values={values} onChange={setValues} errors={errors} platforms={technique?.platforms} />
          <div className="flex justify-end gap-2 border-t border-slate-100 pt-4">
            <Button variant="secondary" onClick={() => navigate(-1)}>
              Cancel
            </Button>
            <Button type="submit" loading={create.isPending} disabled={!technique || !values.title.trim()}>
              Create test
            </Button>
          </div>
        </form>
      </Card>
    </>
  );
}
