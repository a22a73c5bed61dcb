# frozen_string_literal: true

require "socket"
require "uri"

# Tiny TCP servers on 127.0.0.1 for what the real directory service cannot show: exactly which
# headers the relay sent, a service that never answers, and an address where nothing listens.
module LoopbackServers
  Recorded = Struct.new(:method, :target, :headers, :body, keyword_init: true) do
    # Whether the request carries a valid signature for `secret` over exactly what was
    # received (the service's check, written in Ruby by the plugin's signer).
    def signed_with?(secret)
      Emancipasso::RequestSigner.valid?(
        signature: headers.fetch("x-directory-signature"),
        secret: secret,
        method: method,
        path_with_query: target,
        timestamp: headers.fetch("x-directory-timestamp"),
        nonce: headers.fetch("x-directory-nonce"),
        body: body,
        user_header: headers.fetch("x-directory-user", ""),
      )
    end
  end

  # A listening socket on a free port; each accepted connection goes to #handle (in the
  # server's own thread).
  class Base
    attr_reader :port

    def initialize
      @server = TCPServer.new("127.0.0.1", 0)
      @port = @server.addr[1]
      @thread = Thread.new { loop { handle(@server.accept) } }
    end

    def url
      "http://127.0.0.1:#{port}"
    end

    def stop
      @thread.kill
      @server.close
    end
  end

  # Answers every request with a fixed response and keeps what it received.
  class Recorder < Base
    attr_reader :requests

    def initialize(status: 200, headers: { "Content-Type" => "application/json" }, body: '{"ok":true}')
      @response = [status, headers, body]
      @requests = Queue.new
      super()
    end

    def last_request
      requests.pop(timeout: 5) || raise("the recorder received no request")
    end

    private

    def handle(client)
      @requests << LoopbackServers.read_request(client)

      status, response_headers, response_body = @response
      client.write("HTTP/1.1 #{status} Recorded\r\n")
      response_headers.merge("Content-Length" => response_body.bytesize, "Connection" => "close")
        .each { |name, value| client.write("#{name}: #{value}\r\n") }
      client.write("\r\n#{response_body}")
    ensure
      client&.close
    end
  end

  # Stands between the relay and the real service and changes the request in transit (after it
  # was signed): the service must then refuse it. `tamper` receives and returns a Recorded.
  # With `repeat: true` it sends the same request twice and answers with the second response.
  class Tamperer < Base
    def initialize(upstream_url, repeat: false, &tamper)
      @upstream = URI(upstream_url)
      @tamper = tamper || ->(request) { request }
      @repeat = repeat
      super()
    end

    private

    def handle(client)
      request = @tamper.call(LoopbackServers.read_request(client))
      answer = nil
      (@repeat ? 2 : 1).times { answer = forward(request) }
      client.write(answer)
    ensure
      client&.close
    end

    def forward(request)
      upstream = TCPSocket.new(@upstream.host, @upstream.port)
      headers = request.headers.merge("content-length" => request.body.bytesize.to_s, "connection" => "close")
      headers.delete("content-length") if request.body.empty? && request.method == "GET"
      upstream.write("#{request.method} #{request.target} HTTP/1.1\r\n")
      headers.each { |name, value| upstream.write("#{name}: #{value}\r\n") }
      upstream.write("\r\n#{request.body}")
      upstream.read
    ensure
      upstream&.close
    end
  end

  # Accepts connections and never answers: the relay must give up after its timeout.
  class Silent < Base
    def initialize
      @clients = Queue.new
      super
    end

    def stop
      super
      @clients.close
      @clients.pop&.close until @clients.empty?
    end

    private

    def handle(client)
      @clients << client
    end
  end

  # Answers with something that is not HTTP, then hangs up.
  class Garbage < Base
    private

    def handle(client)
      LoopbackServers.read_request(client)
      client.write("SSH-2.0-OpenSSH_9.2\r\n")
    ensure
      client&.close
    end
  end

  # One HTTP/1.1 request off a socket: request line, headers (names lower-cased), body.
  def self.read_request(client)
    method, target = client.gets.to_s.split(" ")
    headers = {}
    while (line = client.gets) && line != "\r\n"
      name, value = line.split(":", 2)
      headers[name.strip.downcase] = value.to_s.strip
    end
    body = client.read(headers.fetch("content-length", "0").to_i).to_s
    Recorded.new(method: method, target: target, headers: headers, body: body)
  end

  # An address where nothing listens: a port taken from the kernel, then released.
  def self.closed_port_url
    server = TCPServer.new("127.0.0.1", 0)
    port = server.addr[1]
    server.close
    "http://127.0.0.1:#{port}"
  end
end
