// Creates topics for bench/soak.sh with the Kafka Admin client from the broker's own jars
// (deploy/kafka/lib): `java -cp 'deploy/kafka/lib/*' bench/SoakTopics.java BOOTSTRAP NAME:PARTITIONS...`.
// Java's single-file launcher compiles it on the fly; existing topics are left as they are.
import java.util.ArrayList;
import java.util.List;
import java.util.Properties;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.NewTopic;
import org.apache.kafka.common.errors.TopicExistsException;

public class SoakTopics {
  public static void main(String[] args) throws Exception {
    Properties props = new Properties();
    props.put("bootstrap.servers", args[0]);
    List<NewTopic> topics = new ArrayList<>();
    for (int i = 1; i < args.length; ++i) {
      String[] nameParts = args[i].split(":");
      topics.add(new NewTopic(nameParts[0], Integer.parseInt(nameParts[1]), (short) 1));
    }
    try (Admin admin = Admin.create(props)) {
      try {
        admin.createTopics(topics).all().get();
      } catch (java.util.concurrent.ExecutionException e) {
        if (!(e.getCause() instanceof TopicExistsException)) throw e;
      }
    }
  }
}
