# Supervises one action for its runner: perl -e <this> <stdin bytes> <command...> (shown as reflex-supervisor).
# Becomes a session leader, reads <stdin bytes> bytes from its stdin (the action's input), starts the action
# in this session with that input on a pipe of its own, and then watches its stdin, which the runner keeps
# open: end of file (the runner closed it, or died, even by SIGKILL) kills every process of the session. A
# line "<n>" from the runner means "kill the session in n ms unless told again"; a runner that stops
# talking (frozen) loses its action at that point. Exits with the action's status (128 + signal when a
# signal ended it); the output of the action is the runner's, untouched.
use strict;
use warnings;
use POSIX ();

my ($stdin_bytes, @command) = @ARGV;
$0 = 'reflex-supervisor';
my %inherited = map { $_ => ($SIG{$_} // 'DEFAULT') } qw(PIPE INT QUIT HUP TERM CHLD);
my $ticks = POSIX::sysconf(POSIX::_SC_CLK_TCK());
POSIX::setsid();
$SIG{PIPE} = 'IGNORE';

sub now { return (POSIX::times())[0] / $ticks }

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

my $input = '';
while (length($input) < $stdin_bytes) {
    my $n = sysread(STDIN, $input, $stdin_bytes - length($input), length($input));
    kill_session() unless $n;
}
pipe(my $read_end, my $write_end) or die "reflex supervisor: pipe: $!\n";
$SIG{CHLD} = sub { };
my $action = fork();
die "reflex supervisor: fork: $!\n" unless defined $action;
if ($action == 0) {
    close $write_end;
    POSIX::dup2(fileno($read_end), 0);
    $SIG{$_} = $inherited{$_} for keys %inherited;
    { no warnings "exec"; exec { $command[0] } @command; }
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

my ($deadline, $pending) = (undef, '');
while (1) {
    if (waitpid($action, POSIX::WNOHANG()) == $action) {
        my $status = $?;
        kill 'KILL', $writer if $writer;
        POSIX::_exit(($status & 127) ? 128 + ($status & 127) : $status >> 8);
    }
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
    next unless select(my $ready = $watch, undef, undef, $wait) > 0;
    my $n = sysread(STDIN, my $chunk, 4096);
    next if !defined $n && $!{EINTR};
    kill_session() unless $n;
    $pending .= $chunk;
    while ($pending =~ s/^(\d+)\n//) {
        $deadline = now() + $1 / 1000;
    }
}
