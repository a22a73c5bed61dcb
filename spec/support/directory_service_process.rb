# frozen_string_literal: true

require "securerandom"
require "timeout"
require "tmpdir"

# The real directory service, started once for the request specs that need it: a fresh SQLite
# file with the demo data, a port chosen by the kernel (read from the line it prints), stopped
# with its whole process group after the suite.
module DirectoryServiceProcess
  LISTENING_LINE = %r{\Adirectory-service listening on (http://127\.0\.0\.1:\d+)\s*\z}
  START_TIMEOUT_SECONDS = 60

  class << self
    attr_reader :url, :secret

    # The service's SQLite file (read by specs that need what it mailed).
    def database_path
      File.join(@tmpdir, "directory.sqlite") if @tmpdir
    end

    def ensure_started
      return if @url
      raise @start_error if @start_error

      @tmpdir = Dir.mktmpdir("emancipasso-directory-")
      @secret = "ruby-spec-secret-#{SecureRandom.hex(16)}"
      env = {
        "PORT" => "0",
        "HOST" => "127.0.0.1",
        "DIRECTORY_DB" => File.join(@tmpdir, "directory.sqlite"),
        "DIRECTORY_SHARED_SECRET" => @secret,
        "DIRECTORY_SEED" => "demo",
        "NODE_ENV" => "test",
      }
      command = %w[pnpm --silent --filter @emancipasso/directory-service exec tsx src/cli.ts serve]
      @log_path = File.join(@tmpdir, "service.log")
      out_reader, out_writer = IO.pipe
      @pid =
        Process.spawn(
          env,
          *command,
          chdir: PLUGIN_ROOT,
          out: out_writer,
          err: [@log_path, "w"],
          pgroup: true,
        )
      out_writer.close
      begin
        @url = read_url(out_reader)
      rescue RuntimeError => e
        @start_error = e
        raise
      end
      # Keep draining stdout so the service never blocks on a full pipe.
      @drain = Thread.new { out_reader.each_line { nil } rescue nil }
    end

    def stop
      return unless @pid

      begin
        Process.kill("TERM", -@pid)
        Timeout.timeout(10) { Process.wait(@pid) }
      rescue Errno::ESRCH, Errno::ECHILD
        nil
      rescue Timeout::Error
        Process.kill("KILL", -@pid)
        Process.wait(@pid)
      end
      # The service closes its SQLite files as it exits: remove whatever is left, ignoring races.
      FileUtils.rm_rf(@tmpdir) if @tmpdir
      @pid = @url = nil
    end

    private

    def read_url(reader)
      Timeout.timeout(START_TIMEOUT_SECONDS) do
        reader.each_line do |line|
          match = LISTENING_LINE.match(line)
          return match[1] if match
        end
      end
      raise "the directory service exited before listening:\n#{File.read(@log_path)}"
    rescue Timeout::Error
      raise "the directory service did not start in #{START_TIMEOUT_SECONDS} s:\n#{File.read(@log_path)}"
    end
  end
end

RSpec.configure do |config|
  config.before(:context, :directory_service) { DirectoryServiceProcess.ensure_started }
  config.after(:suite) { DirectoryServiceProcess.stop }
end

# Also when the run is interrupted (Ctrl-C, or the suite's timeout sending TERM).
at_exit { DirectoryServiceProcess.stop }
