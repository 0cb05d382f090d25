# Supervises one action for its runner (shown as reflex-supervisor):
#   perl -e <this> <deadline ms or -> <stdin bytes> <command...>
# Becomes a session leader, reads <stdin bytes> bytes from its stdin (the action's input), starts the action
# in this session with that input on a pipe of its own, and then watches its stdin, which the runner keeps
# open: end of file (the runner closed it, or died, even by SIGKILL) kills every process of the session. The
# deadline, and each later line "<ms>" from the runner, mean "kill the session that many ms from now unless
# told again"; a runner that stops talking (frozen) loses its action then. Exits with the action's status
# (128 + signal when a signal ended it); the action's output is the runner's, untouched.
use strict;
use warnings;
use POSIX ();

my ($first_deadline, $stdin_bytes, @command) = @ARGV;
$0 = 'reflex-supervisor';
my %inherited = map { $_ => ($SIG{$_} // 'DEFAULT') } qw(PIPE INT QUIT HUP TERM CHLD);
my $ticks = POSIX::sysconf(POSIX::_SC_CLK_TCK());
POSIX::setsid();
$SIG{PIPE} = 'IGNORE';

sub now { return (POSIX::times())[0] / $ticks }
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
    POSIX::_exit(137);
}

# Waits up to a second for the runner to write (or close); kills the session once the deadline passed.
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
    return select(my $ready = $watch, undef, undef, $wait) > 0;
}

# Reads what the runner wrote; its end (or a broken pipe) kills the session.
sub from_runner {
    my ($max) = @_;
    my $n = sysread(STDIN, my $chunk, $max);
    return '' if !defined $n && $!{EINTR};
    kill_session() unless $n;
    return $chunk;
}

my $input = '';
while (length($input) < $stdin_bytes) {
    $input .= from_runner($stdin_bytes - length($input)) if runner_spoke();
}
pipe(my $read_end, my $write_end) or die "reflex supervisor: pipe: $!\n";
$SIG{CHLD} = sub { };
my $action = fork();
die "reflex supervisor: fork: $!\n" unless defined $action;
if ($action == 0) {
    close $write_end;
    POSIX::dup2(fileno($read_end), 0);
    $SIG{$_} = $inherited{$_} for keys %inherited;
    { no warnings 'exec'; exec { $command[0] } @command; }
    print STDERR "reflex supervisor: cannot run $command[0]: $!\n";
    POSIX::_exit(127);
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
        POSIX::_exit(0);
    }
}
close $write_end;
$SIG{$_} = \&kill_session for qw(TERM INT HUP);

my $pending = '';
while (1) {
    if (waitpid($action, POSIX::WNOHANG()) == $action) {
        my $status = $?;
        kill 'KILL', $writer if $writer;
        POSIX::_exit(($status & 127) ? 128 + ($status & 127) : $status >> 8);
    }
    next unless runner_spoke();
    $pending .= from_runner(4096);
    while ($pending =~ s/^(\d+)\n//) {
        $deadline = now() + $1 / 1000;
    }
}
