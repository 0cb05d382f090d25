# The supervisor of one action runner's actions (shown as reflex-supervisor):
#   perl -e <this>
# One runs beside each runner for as long as the runner runs. Each action leads a session of its own and
# carries REFLEX_SUPERVISOR=<token> in its environment, a token unique on this host. The runner names each
# action here, one line each on this program's stdin:
#   expect <token> <ms or ->           before it starts the action: kill it <ms> from now unless told again
#   watch <token> <session> <ticks>    once started: the session it leads, and its leader's start time
#   deadline <token> <ms>              kill it <ms> from now unless told again
#   forget <token>                     it is over
# End of file on stdin (the runner closed it, or died, even by SIGKILL) kills every action named. A deadline
# that passes (a runner that stopped talking, frozen) kills that action and writes "killed <token>" on stdout.
# An action is found by its session once named by it, and else by its token: a process carrying it that leads
# its session takes the session along; one that does not (it has not left its runner's session yet) goes
# alone. A session is killed only while it is still the one named: its leader has the named start time, or the
# leader is gone and processes of the session remain (Linux does not reuse a pid that numbers a live session).
#
# It leads a session of its own and ignores the signals a terminal sends, so that it outlives what kills its
# runner long enough to clean up after it; only the end of its stdin ends it.
use strict;
use POSIX ();

$0 = 'reflex-supervisor';
POSIX::setsid();
$SIG{$_} = 'IGNORE' for qw(INT QUIT HUP TERM PIPE);
$| = 1;

sub now {
    open(my $uptime, '<', '/proc/uptime') or return time;
    my ($seconds) = split ' ', scalar <$uptime>;
    return $seconds;
}

# pid => [state, session, start ticks] of every live process but this one
sub processes {
    my %out;
    opendir(my $proc, '/proc') or return ();
    for my $pid (grep { /^\d+$/ } readdir $proc) {
        next if $pid == $$;
        open(my $fh, '<', "/proc/$pid/stat") or next;
        my $stat = <$fh> // '';
        close $fh;
        my @f = split ' ', substr($stat, rindex($stat, ')') + 2);
        $out{$pid} = [$f[0], $f[3], $f[19]] if @f > 19 && $f[0] ne 'Z';
    }
    closedir $proc;
    return %out;
}

# Kills the session; false when it is no longer the one named, or has no process left.
sub kill_session {
    my ($sid, $ticks) = @_;
    my %all = processes();
    return 0 if $all{$sid} && $all{$sid}[2] != $ticks;
    my @left = grep { $all{$_}[1] == $sid } keys %all;
    return 0 unless @left;
    for (1 .. 20) {
        kill 'KILL', @left;
        %all = processes();
        @left = grep { $all{$_}[1] == $sid } keys %all;
        last unless @left;
    }
    kill 'KILL', -$sid;
    return 1;
}

my %actions;    # token => { deadline => seconds or undef, session => pid, ticks => start ticks }

# Kills the action of one token; false when nothing of it was left to kill.
sub kill_action {
    my ($token) = @_;
    my $a = $actions{$token};
    return kill_session($a->{session}, $a->{ticks}) if defined $a->{session};
    my $marker = "REFLEX_SUPERVISOR=$token";
    my %all = processes();
    my $killed = 0;
    for my $pid (keys %all) {
        open(my $fh, '<', "/proc/$pid/environ") or next;
        local $/;
        my $environ = <$fh> // '';
        close $fh;
        next unless grep { $_ eq $marker } split /\0/, $environ;
        $killed = ($all{$pid}[1] == $pid ? kill_session($pid, $all{$pid}[2]) : kill('KILL', $pid)) || $killed;
    }
    return $killed;
}

my $pending = '';
while (1) {
    my $wait;
    my $now = now();
    for my $token (keys %actions) {
        my $deadline = $actions{$token}{deadline};
        next unless defined $deadline;
        if ($deadline <= $now) {
            print "killed $token\n" if kill_action($token);
            delete $actions{$token};
            next;
        }
        $wait = $deadline - $now if !defined $wait || $deadline - $now < $wait;
    }
    my $watch = '';
    vec($watch, 0, 1) = 1;
    next if select(my $ready = $watch, undef, undef, $wait) <= 0;
    my $n = sysread(STDIN, my $chunk, 4096);
    next if !defined $n && $! == 4;    # EINTR
    unless ($n) {
        kill_action($_) for keys %actions;
        exit 0;
    }
    $pending .= $chunk;
    while ($pending =~ s/^([^\n]*)\n//) {
        my ($verb, $token, @rest) = split ' ', $1;
        next unless defined $token && (@rest == 0 || $rest[0] =~ /^(\d+|-)$/);
        if ($verb eq 'expect' && @rest == 1) {
            $actions{$token} = {deadline => $rest[0] eq '-' ? undef : now() + $rest[0] / 1000};
        } elsif ($verb eq 'watch' && @rest == 2 && $rest[1] =~ /^\d+$/ && $actions{$token}) {
            @{$actions{$token}}{qw(session ticks)} = @rest;
        } elsif ($verb eq 'deadline' && @rest == 1 && $actions{$token}) {
            $actions{$token}{deadline} = now() + $rest[0] / 1000;
        } elsif ($verb eq 'forget') {
            delete $actions{$token};
        }
    }
}
