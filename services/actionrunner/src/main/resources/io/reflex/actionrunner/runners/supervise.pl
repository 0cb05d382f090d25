# Supervises one action for its runner (shown as reflex-supervisor):
#   perl -e <this> <setsid syscall number or -> <deadline ms or -> <stdin bytes> <command...>
# Becomes a session leader, reads <stdin bytes> bytes from its stdin (the action's input), starts the action
# in this session with that input on a pipe of its own, and then watches its stdin, which the runner keeps
# open: end of file (the runner closed it, or died, even by SIGKILL) kills every process of the session. The
# deadline, and each later line "<ms>" from the runner, mean "kill the session that many ms from now unless
# told again"; a runner that stops talking (frozen) loses its action then. Exits with the action's status
# (128 + signal when a signal ended it); the action's output is the runner's, untouched.
#
# It runs once per action, so it loads no module: loading POSIX alone would triple its start-up CPU. The
# session comes from the setsid system call by its number on this architecture (POSIX only where the runner
# does not know the number), the clock from /proc/uptime, and a child's exit wakes the main loop through a
# pipe of its own, so that an exit just before the loop waits is not noticed a second late.
use strict;

my ($setsid, $first_deadline, $stdin_bytes, @command) = @ARGV;
$0 = 'reflex-supervisor';
my %inherited = map { $_ => ($SIG{$_} // 'DEFAULT') } qw(PIPE INT QUIT HUP TERM CHLD);
my ($WNOHANG, $EINTR) = (1, 4);
if ($setsid eq '-' || syscall($setsid + 0) != $$) {
    require POSIX;
    POSIX::setsid();
}
$SIG{PIPE} = 'IGNORE';

sub now {
    open(my $uptime, '<', '/proc/uptime') or return time;
    my ($seconds) = split ' ', scalar <$uptime>;
    return $seconds;
}
my $deadline = $first_deadline eq '-' ? undef : now() + $first_deadline / 1000;

sub members {
    my @pids;
    opendir(my $proc, '/proc') or return ();
    for my $pid (grep { /^\d+$/ } readdir $proc) {
        next if $pid == $$;
        open(my $fh, '<', "/proc/$pid/stat") or next;
        my $stat = <$fh> // '';
        close $fh;
        my @f = split ' ', substr($stat, rindex($stat, ')') + 2);
        push @pids, $pid if @f > 3 && $f[3] == $$ && $f[0] ne 'Z';
    }
    closedir $proc;
    return @pids;
}

sub kill_session {
    $SIG{$_} = 'IGNORE' for qw(TERM INT HUP);
    for (1 .. 20) {
        my @left = members();
        last unless @left;
        kill 'KILL', @left;
    }
    kill 'KILL', -$$;
    exit 137;
}

# A child's exit writes one byte here (one at most until it is read), which ends the wait below.
pipe(my $exited, my $exit_note) or die "reflex supervisor: pipe: $!\n";
my $noted = 0;

# Waits up to a second for the runner to write (or close) or a child to exit; kills the session once the
# deadline passed. True when the runner wrote.
sub runner_spoke {
    my $wait = 1;
    if (defined $deadline) {
        my $left = $deadline - now();
        if ($left <= 0) {
            print STDERR "reflex supervisor: killed the action, its runner did not renew its lease in time\n";
            kill_session();
        }
        $wait = $left if $left < $wait;
    }
    my $watch = '';
    vec($watch, 0, 1) = 1;
    vec($watch, fileno($exited), 1) = 1;
    return 0 if select(my $ready = $watch, undef, undef, $wait) <= 0;
    if (vec($ready, fileno($exited), 1)) {
        sysread($exited, my $byte, 1);
        $noted = 0;
    }
    return vec($ready, 0, 1);
}

# Reads what the runner wrote; its end (or a broken pipe) kills the session.
sub from_runner {
    my ($max) = @_;
    my $n = sysread(STDIN, my $chunk, $max);
    return '' if !defined $n && $! == $EINTR;
    kill_session() unless $n;
    return $chunk;
}

my $input = '';
while (length($input) < $stdin_bytes) {
    $input .= from_runner($stdin_bytes - length($input)) if runner_spoke();
}
pipe(my $read_end, my $write_end) or die "reflex supervisor: pipe: $!\n";
$SIG{CHLD} = sub { syswrite($exit_note, 'x') unless $noted++ };
my $action = fork();
die "reflex supervisor: fork: $!\n" unless defined $action;
if ($action == 0) {
    close $write_end;
    close $exited;
    close $exit_note;
    open(STDIN, '<&', $read_end) or die "reflex supervisor: stdin: $!\n";
    close $read_end;
    $SIG{$_} = $inherited{$_} for keys %inherited;
    exec { $command[0] } @command;
    print STDERR "reflex supervisor: cannot run $command[0]: $!\n";
    exit 127;
}
close $read_end;
my $writer = 0;
if (length $input) {
    $writer = fork();
    if (defined $writer && $writer == 0) {
        $SIG{PIPE} = 'DEFAULT';
        my $off = 0;
        while ($off < length $input) {
            my $n = syswrite($write_end, $input, length($input) - $off, $off);
            last unless $n;
            $off += $n;
        }
        exit 0;
    }
}
close $write_end;
$SIG{$_} = \&kill_session for qw(TERM INT HUP);

my $pending = '';
while (1) {
    while ((my $pid = waitpid(-1, $WNOHANG)) > 0) {
        next unless $pid == $action;
        my $status = $?;
        kill 'KILL', $writer if $writer;
        exit(($status & 127) ? 128 + ($status & 127) : $status >> 8);
    }
    next unless runner_spoke();
    $pending .= from_runner(4096);
    while ($pending =~ s/^(\d+)\n//) {
        $deadline = now() + $1 / 1000;
    }
}
