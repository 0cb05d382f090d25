package io.reflex.rulesengine;

import com.fasterxml.jackson.databind.node.ObjectNode;
import io.reflex.core.execution.FailureReason;
import io.reflex.core.model.Rule;
import io.reflex.rulesengine.criteria.CriteriaException;
import io.reflex.rulesengine.criteria.CriteriaMatcher;
import java.util.ArrayList;
import java.util.List;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * StackStorm's two-pass matching ({@code rules/matcher.py}): standard rules first; backstop rules only when
 * no standard rule matched. A rule whose criteria cannot be evaluated does not match and is reported as a
 * failure (it gets a failed enforcement, as in StackStorm's {@code RuleFilter}); a backend outage met
 * on the way (criteria patterns may read the datastore) is thrown instead, so the trigger instance is
 * tried again rather than recorded as failed.
 */
final class RuleMatcher {
    private static final Logger log = LoggerFactory.getLogger(RuleMatcher.class);
    static final String BACKSTOP = "backstop";

    /** A rule that could not be evaluated against a trigger instance, and why. */
    record CriteriaFailure(Rule rule, String reason) {}

    /** The rules that matched, in the order given, and those that failed to evaluate. */
    record Matching(List<Rule> matched, List<CriteriaFailure> failures) {
        Matching {
            matched = List.copyOf(matched);
            failures = List.copyOf(failures);
        }
    }

    private final CriteriaMatcher criteria;

    RuleMatcher(CriteriaMatcher criteria) {
        this.criteria = criteria;
    }

    Matching match(List<Rule> rules, ObjectNode payload, String triggerInstanceId) {
        List<Rule> matched = new ArrayList<>();
        List<CriteriaFailure> failures = new ArrayList<>();
        pass(rules, false, payload, triggerInstanceId, matched, failures);
        if (matched.isEmpty()) {
            pass(rules, true, payload, triggerInstanceId, matched, failures);
        }
        return new Matching(matched, failures);
    }

    private void pass(
            List<Rule> rules,
            boolean backstop,
            ObjectNode payload,
            String triggerInstanceId,
            List<Rule> matched,
            List<CriteriaFailure> failures) {
        for (Rule rule : rules) {
            if (isBackstop(rule) != backstop) {
                continue;
            }
            try {
                if (criteria.matches(rule.criteria(), payload)) {
                    matched.add(rule);
                }
            } catch (CriteriaException e) {
                failures.add(new CriteriaFailure(rule, failureReason(rule, triggerInstanceId, e.getMessage())));
            } catch (RuntimeException e) {
                if (Transient.is(e)) {
                    throw e;
                }
                log.warn("rule criteria failed rule={} trigger_instance={}", rule.ref(), triggerInstanceId, e);
                failures.add(new CriteriaFailure(rule, failureReason(rule, triggerInstanceId, FailureReason.of(e))));
            }
        }
    }

    static boolean isBackstop(Rule rule) {
        return BACKSTOP.equals(rule.type().ref());
    }

    /** StackStorm's wording of a criteria failure ({@code RuleFilter._create_rule_enforcement}). */
    static String failureReason(Rule rule, String triggerInstanceId, String why) {
        return "Failed to match rule \"" + rule.ref() + "\" against trigger instance \"" + triggerInstanceId + "\": "
                + why;
    }
}
