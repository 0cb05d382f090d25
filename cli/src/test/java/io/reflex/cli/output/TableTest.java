package io.reflex.cli.output;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import org.junit.jupiter.api.Test;

class TableTest {
    @Test
    void aTableThatFitsKeepsItsNaturalWidths() {
        String t = Table.render(List.of("ref", "pack"), List.of(List.of("core.local", "core")), 80);

        assertThat(t).isEqualTo("""
                +------------+------+
                | ref        | pack |
                +------------+------+
                | core.local | core |
                +------------+------+
                """);
    }

    @Test
    void aWideTableIsNarrowedToTheWidthWrappingAtSpaces() {
        String description = "Run a shell command on the runner's host and report what it printed";
        String t = Table.render(List.of("ref", "description"), List.of(List.of("core.local", description)), 40);

        assertThat(t.lines()).allSatisfy(l -> assertThat(l).hasSize(40));
        assertThat(t).contains("| core.local | Run a shell command on  |");
        assertThat(t.replaceAll("[|+\\s-]+", " ").strip()).isEqualTo("ref description core.local " + description);
    }

    @Test
    void theFirstColumnStaysWholeWhenNotEveryWordCan() {
        String id = "6b024265afed42a67121b976";
        List<String> headers = List.of("id", "a", "b", "c");
        String longWord = "x".repeat(30);
        String t = Table.render(headers, List.of(List.of(id, longWord, longWord, longWord)), 60);

        assertThat(t).contains("| " + id + " |");
        assertThat(t.lines()).allSatisfy(l -> assertThat(l.length()).isLessThanOrEqualTo(60));
    }

    @Test
    void theWidestColumnIsNarrowedFirst() {
        assertThat(Table.widths(new int[] {10, 40, 20}, new int[] {4, 5, 5}, 50))
                .containsExactly(10, 20, 20);
    }

    @Test
    void wordsLongerThanTheirColumnAreBrokenAndNewlinesKept() {
        assertThat(Table.wrap("abcdefghij", 4)).containsExactly("abcd", "efgh", "ij");
        assertThat(Table.wrap("one\ntwo three", 5)).containsExactly("one", "two", "three");
        assertThat(Table.wrap("core.local", 7)).containsExactly("core.", "local");
        assertThat(Table.wrap("2026-11-22", 8)).containsExactly("2026-11-", "22");
    }

    @Test
    void aTableTooWideEvenAtTheMinimumOverflowsRatherThanLosingText() {
        String t = Table.render(List.of("aaaaaaaa", "bbbbbbbb"), List.of(List.of("x", "y")), 20);
        assertThat(t).contains("aaaaaa").contains("bbbbbb");
    }
}
