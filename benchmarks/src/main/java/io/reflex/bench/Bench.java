package io.reflex.bench;

import java.util.Arrays;

/** Entry point of {@code bin/bench}: the first argument names the benchmark. */
public final class Bench {
    private Bench() {}

    public static void main(String[] args) throws Exception {
        if (args.length == 0) {
            System.err.println(
                    "usage: bin/bench <registration|executions|pipeline|broker|chaos|ha|workflow|compare> [options]");
            System.exit(2);
        }
        String[] rest = Arrays.copyOfRange(args, 1, args.length);
        switch (args[0]) {
            case "registration" -> RegistrationBenchmark.main(rest);
            case "executions" -> ExecutionListBenchmark.main(rest);
            case "pipeline" -> PipelineBenchmark.main(rest);
            case "broker" -> BrokerBenchmark.main(rest);
            case "chaos" -> ChaosBenchmark.main(rest);
            case "ha" -> HaBenchmark.main(rest);
            case "workflow" -> WorkflowBenchmark.main(rest);
            case "compare" -> CompareBenchmark.main(rest);
            default -> {
                System.err.println("unknown benchmark '" + args[0]
                        + "'; known: registration, executions, pipeline, broker, chaos, ha, workflow, compare");
                System.exit(2);
            }
        }
    }
}
